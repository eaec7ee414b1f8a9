using Pacesetter.Web.Tests.Authorization;

namespace Pacesetter.Web.Tests.Supervision.Cards;

/// <summary>The authorization matrix's rows of supervision's Cards endpoints (added to <see cref="AuthorizationTable.Operations"/>).</summary>
public static class CardsMatrix
{
    public static IReadOnlyList<Operation> Rows { get; } = [];
}
