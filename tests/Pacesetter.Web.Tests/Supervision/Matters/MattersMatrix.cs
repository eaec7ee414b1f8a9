using Pacesetter.Web.Tests.Authorization;

namespace Pacesetter.Web.Tests.Supervision.Matters;

/// <summary>The authorization matrix's rows of supervision's Matters endpoints (added to <see cref="AuthorizationTable.Operations"/>).</summary>
public static class MattersMatrix
{
    public static IReadOnlyList<Operation> Rows { get; } = [];
}
