using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Supervision;

/// <summary>Supervision's rows of the authorization matrix: the hub, then each part's (its folder's <c>…Matrix.Rows</c>).</summary>
public static class SupervisionMatrix
{
    public static IReadOnlyList<Operation> All { get; } =
    [
        // The hub: admins, leaders and reporters; an assessor has no part in supervision (ADR 0027).
        new() { Route = "/orgs/{org}/supervision", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404) },
        .. Matters.MattersMatrix.Rows,
        .. Cards.CardsMatrix.Rows,
        .. Projects.ProjectsMatrix.Rows,
        .. Messages.MessagesMatrix.Rows,
        .. Messages.NotificationsMatrix.Rows,
        .. Bulletins.BulletinsMatrix.Rows,
    ];
}
