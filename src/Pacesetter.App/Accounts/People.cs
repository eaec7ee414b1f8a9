using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;

namespace Pacesetter.App.Accounts;

/// <summary>
/// Who acted, by name: the organization's user names → display names (考核办管理员, not admin), for the pages that say
/// who did something — data entry's cards and conflicts, the benchmarks and surveys, and supervision's steps, reports,
/// instructions, reminders, stage changes and bulletins. A name the organization no longer has (or a writer such as
/// <c>system:…</c>) stays as it was recorded.
/// </summary>
public sealed class People(PacesetterDb db)
{
    /// <summary>The names read in this scope (a request), by organization: a page that names people in several places reads them once.</summary>
    private readonly Dictionary<int, Dictionary<string, string>> read = [];

    /// <summary>A user name as its display name (a name without one, or not the organization's, as given).</summary>
    public async Task<Func<string?, string>> OfAsync(int organizationId, CancellationToken ct = default)
    {
        var names = await NamesAsync(organizationId, ct);
        return userName => userName is null ? "" : names.GetValueOrDefault(userName, userName);
    }

    /// <summary>The organization's user names that have a display name, with it (the audit page shows both).</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(int organizationId, CancellationToken ct = default)
    {
        if (read.TryGetValue(organizationId, out var known)) return known;
        return read[organizationId] = (await db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId && u.UserName != null)
                .Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct))
            .Where(u => u.DisplayName.Length > 0).ToDictionary(u => u.UserName!, u => u.DisplayName, StringComparer.Ordinal);
    }
}
