using Pacesetter.Web.Tests.Authorization;

namespace Pacesetter.Web.Tests.Supervision.Projects;

/// <summary>The authorization matrix's rows of supervision's Projects endpoints (added to <see cref="AuthorizationTable.Operations"/>).</summary>
public static class ProjectsMatrix
{
    public static IReadOnlyList<Operation> Rows { get; } = [];
}
