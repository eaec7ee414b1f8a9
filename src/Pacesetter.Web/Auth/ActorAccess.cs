using System.Security.Claims;
using Pacesetter.App.Access;
using Pacesetter.App.Data;

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
            var db = http.RequestServices.GetRequiredService<PacesetterDb>();
            actor = await Actor.LoadAsync(db, userId, http.RequestAborted);
        }
        http.Items[Key] = actor;
        return actor;
    }

    /// <summary>The actor when it belongs to the organization of the route; null otherwise (the caller answers 404 or 403).</summary>
    public static async Task<Actor?> GetActorInAsync(this HttpContext http, string org)
    {
        var actor = await http.GetActorAsync();
        return actor is not null && actor.BelongsTo(org) ? actor : null;
    }
}
