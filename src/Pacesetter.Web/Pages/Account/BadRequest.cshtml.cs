using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Account;

/// <summary>
/// 无法处理此请求: 400 in the person's language, rendered in place of a page that answered an empty 400
/// (<see cref="Refusals"/>) — in practice a form whose antiforgery token no longer holds, or whose body the framework
/// could not read — with a link that opens the form again. Nothing the person typed is shown back. The API keeps
/// ProblemDetails.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class BadRequestModel : PageModel
{
    /// <summary>The page to open again: the page of this site the request was sent from, else the address asked for.</summary>
    public string Again => Refusals.SendingPage(HttpContext) ?? Refusals.RequestedUrl(HttpContext);

    /// <summary>400 (called by the view: the page has no handler to run).</summary>
    public void Answer() => Response.StatusCode = StatusCodes.Status400BadRequest;
}
