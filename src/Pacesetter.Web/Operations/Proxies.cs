using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Pacesetter.Web.Operations;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed (deploy/nginx, ADR 0050): loopback
/// always (nginx on the same machine, as in deploy/), plus <c>ForwardedHeaders:KnownProxies</c> (addresses) and
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges), each a comma-separated list, for a load balancer on another
/// machine. One proxy deep: the address nginx saw is the client's. A request from anywhere else keeps its own address
/// and scheme whatever headers it sends, so that nobody escapes a per-address limit by naming another address.
/// </summary>
public static class Proxies
{
    public static void Configure(ForwardedHeadersOptions o, IConfiguration configuration)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.ForwardLimit = 1;
        foreach (var text in List(configuration["ForwardedHeaders:KnownProxies"]))
        {
            o.KnownProxies.Add(IPAddress.TryParse(text, out var address) ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: \"{text}\" is not an IP address"));
        }
        foreach (var text in List(configuration["ForwardedHeaders:KnownNetworks"]))
        {
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(text, out var network) ? network
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: \"{text}\" is not a network such as 10.0.0.0/8"));
        }
    }

    private static string[] List(string? text) => (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
