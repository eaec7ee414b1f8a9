using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Account;

/// <summary>
/// 找不到页面 the not-found page: 404 in the person's language with the address asked for and a way back, rendered in
/// place of a page that answered an empty 404 (<see cref="Refusals"/>), for any method. The API keeps ProblemDetails.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class NotFoundModel : PageModel
{
    /// <summary>The address the person asked for.</summary>
    public string Requested => Refusals.RequestedUrl(HttpContext);

    /// <summary>The site's page the person came from, when known.</summary>
    public string? Back => Refusals.PreviousPage(HttpContext);

    /// <summary>404 (called by the view: the page has no handler to run).</summary>
    public void Answer() => Response.StatusCode = StatusCodes.Status404NotFound;
}
