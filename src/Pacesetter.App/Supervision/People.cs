using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;

namespace Pacesetter.App.Supervision;

/// <summary>
/// Who acted, by name: the organization's user names → display names (考核办管理员, not admin), for the supervision
/// pages that list steps, reports, instructions, reminders, stage changes and bulletins. A name the organization no
/// longer has stays as it was recorded.
/// </summary>
public sealed class People(PacesetterDb db)
{
    public async Task<Func<string?, string>> OfAsync(int organizationId, CancellationToken ct = default)
    {
        var names = (await db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId && u.UserName != null)
                .Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct))
            .Where(u => u.DisplayName.Length > 0).ToDictionary(u => u.UserName!, u => u.DisplayName, StringComparer.Ordinal);
        return userName => userName is null ? "" : names.GetValueOrDefault(userName, userName);
    }
}
