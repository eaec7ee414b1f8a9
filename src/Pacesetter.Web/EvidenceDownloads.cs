using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Pacesetter.Web;

/// <summary>
/// The one way an uploaded file goes back out (ADR 0045): as an attachment under its kept name, never shown in the page,
/// with the type the application detected and <c>X-Content-Type-Options: nosniff</c>, so that no browser reads it as anything else.
/// </summary>
public static class EvidenceDownloads
{
    /// <summary>For an API endpoint.</summary>
    public static FileContentHttpResult Api(HttpContext http, byte[] content, string? contentType, string? fileName)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, contentType ?? "application/octet-stream", fileName ?? "evidence");
    }

    /// <summary>For a page handler.</summary>
    public static FileContentResult Page(HttpContext http, byte[] content, string? contentType, string? fileName)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return new FileContentResult(content, contentType ?? "application/octet-stream") { FileDownloadName = fileName ?? "evidence" };
    }
}
