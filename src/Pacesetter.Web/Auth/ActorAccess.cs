using System.Security.Claims;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Auth;

/// <summary>The acting user of the request, loaded once and cached on the request.</summary>
public static class ActorAccess
{
    private const string Key = "pacesetter.actor";

    public static async Task<Actor?> GetActorAsync(this HttpContext http)
    {
        if (http.Items.TryGetValue(Key, out var cached)) return (Actor?)cached;
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        Actor? actor = null;
        if (userId is not null)
        {
            // Read through RecentReads: a membership or role changed by a write of this process shows at once, one
            // made on another instance within a moment (ADR 0026). The actor is shared, never changed.
            actor = await http.RequestServices.GetRequiredService<RecentReads>().GetAsync(("actor", userId),
                () => Actor.LoadAsync(http.RequestServices.GetRequiredService<PacesetterDb>(), userId, http.RequestAborted));
        }
        http.Items[Key] = actor;
        return actor;
    }

    /// <summary>
    /// The acting user's organization's people by display name (<see cref="People"/>, read once per request): a page
    /// says who did something as 考核办管理员, not admin. Without an actor a name stays as given.
    /// </summary>
    public static async Task<Func<string?, string>> PeopleAsync(this HttpContext http) =>
        await http.GetActorAsync() is { } actor
            ? await http.RequestServices.GetRequiredService<People>().OfAsync(actor.OrganizationId, http.RequestAborted)
            : name => name ?? "";

    /// <summary>The actor this request has loaded already, if any (the log scope's organization); loads nothing.</summary>
    internal static Actor? Loaded(HttpContext http) => http.Items.TryGetValue(Key, out var cached) ? (Actor?)cached : null;

    /// <summary>The actor when it belongs to the organization of the route; null otherwise (the caller answers 404 or 403).</summary>
    public static async Task<Actor?> GetActorInAsync(this HttpContext http, string org)
    {
        var actor = await http.GetActorAsync();
        return actor is not null && actor.BelongsTo(org) ? actor : null;
    }
}
