using Pacesetter.Web.Tests.Authorization;

namespace Pacesetter.Web.Tests.Supervision.Messages;

/// <summary>The authorization matrix's rows of supervision's Messages endpoints (added to <see cref="AuthorizationTable.Operations"/>).</summary>
public static class MessagesMatrix
{
    public static IReadOnlyList<Operation> Rows { get; } = [];
}
