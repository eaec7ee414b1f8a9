using Pacesetter.Web.Tests.Authorization;

namespace Pacesetter.Web.Tests.Supervision.Bulletins;

/// <summary>The authorization matrix's rows of supervision's Bulletins endpoints (added to <see cref="AuthorizationTable.Operations"/>).</summary>
public static class BulletinsMatrix
{
    public static IReadOnlyList<Operation> Rows { get; } = [];
}
