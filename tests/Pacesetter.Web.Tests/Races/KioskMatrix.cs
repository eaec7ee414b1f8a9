using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Access;
using Pacesetter.App.Publication;
using Pacesetter.Web.Tests.Authorization;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// The kiosk link the authorization matrix's kiosk rows act on: one per <see cref="AuthzWorld"/>, created by the demo's
/// admin through <see cref="KioskLinks"/> on first use, made usable again before each row (a revoke row revokes it).
/// </summary>
public static class KioskMatrix
{
    private sealed record Link(int Id, string Token);

    private static readonly ConditionalWeakTable<AuthzWorld, Link> Links = new();

    /// <summary>The token of the world's link (none yet: a token that opens nothing).</summary>
    public static string TokenOf(AuthzWorld world) => Links.TryGetValue(world, out var link) ? link.Token : "none";

    public static int IdOf(AuthzWorld world) => Links.TryGetValue(world, out var link) ? link.Id : 0;

    /// <summary>The world's link exists and is not revoked.</summary>
    public static async Task EnsureAsync(Ctx c)
    {
        var world = c.World;
        if (!Links.TryGetValue(world, out var link))
        {
            using var scope = world.App.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<App.Data.PacesetterDb>();
            var adminId = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
            var actor = (await Actor.LoadAsync(db, adminId))!;
            var issued = Seeding.Ok(await scope.ServiceProvider.GetRequiredService<KioskLinks>().CreateAsync(actor, "授权矩阵"));
            link = new Link(issued.Row.Id, issued.Token);
            Links.AddOrUpdate(world, link);
        }
        await using var check = world.App.NewDb();
        var row = await check.KioskLinks.SingleAsync(k => k.Id == link.Id);
        row.RevokedAt = null;
        await check.SaveChangesAsync();
    }

    /// <summary>How many kiosk links there are, of every organization.</summary>
    public static async Task<string> CountAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return $"{await db.KioskLinks.CountAsync()} kiosk links";
    }

    /// <summary>Whether the world's link is revoked.</summary>
    public static async Task<string> StateAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var row = await db.KioskLinks.AsNoTracking().SingleAsync(k => k.Id == IdOf(c.World));
        return $"revoked {row.RevokedAt:O}";
    }
}
