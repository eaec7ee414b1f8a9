using System.Net;

namespace Pacesetter.Web;

/// <summary>The caller's address, the key of every per-address limit (behind a proxy, the forwarded one once forwarded headers are honoured).</summary>
public static class ClientAddress
{
    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();
}
