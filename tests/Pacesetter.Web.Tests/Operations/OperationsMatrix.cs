using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// The authorization matrix's rows of health and telemetry (issue #13, ADR 0046): the probes and the metrics answer
/// anyone, signed in or not, of any organization — they name no organization and no person; the proxy limits who
/// reaches <c>/metrics</c>. The API's description (<c>/openapi/v1.json</c>) too, unless <c>OpenApi:Access</c> restricts it.
/// </summary>
public static class OperationsMatrix
{
    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = "/healthz", Method = "GET", Expected = AuthorizationTable.All(Ok, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = "/readyz", Method = "GET", Expected = AuthorizationTable.All(Ok, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = "/metrics", Method = "GET", Expected = AuthorizationTable.All(Ok, Ok, Ok, Ok, Ok, Ok) },
        // The API's description: anyone by default (OpenApi:Access=anonymous; signed-in and off in OpenApiAccessTests, ADR 0048).
        new() { Route = "/openapi/{documentName}.json", Method = "GET", Address = _ => "/openapi/v1.json", Expected = AuthorizationTable.All(Ok, Ok, Ok, Ok, Ok, Ok) },
    ];
}
