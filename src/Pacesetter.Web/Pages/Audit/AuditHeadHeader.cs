using Pacesetter.App.Audit;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Pages.Audit;

/// <summary>
/// <c>X-Audit-Head: &lt;seq&gt; &lt;hash&gt;</c> on an export: the head of the organization's audit chain when the export
/// was read, so that a file kept elsewhere pins the chain as it then stood (ADR 0009). Publication's files (issue #9)
/// print the same <see cref="AuditLog.HeadAsync"/>.
/// </summary>
public static class AuditHeadHeader
{
    public const string Name = "X-Audit-Head";

    public static async Task AddAsync(HttpResponse response, PacesetterDb db, int organizationId, CancellationToken ct)
    {
        if (await AuditLog.HeadAsync(db, organizationId, ct) is { } head) response.Headers[Name] = head.ToString();
    }
}
