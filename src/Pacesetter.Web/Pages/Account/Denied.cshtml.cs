using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Account;

/// <summary>
/// 无权访问 the refusal page: 403 in the person's language with a way back, rendered in place of a page that refused
/// (<see cref="Refusals"/>), for any method; a small fragment for htmx. It has no handler, so every method renders it,
/// and no antiforgery check (a refused POST may not have passed one).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class DeniedModel : PageModel
{
    /// <summary>An htmx request: answer the fragment, swapped into the layout's #page-alert.</summary>
    public bool Fragment => Refusals.IsHtmx(Request);

    /// <summary>A refused action (a POST …) rather than a page to see.</summary>
    public bool Action => !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method);

    /// <summary>The site's page the person came from, when known.</summary>
    public string? Back => Refusals.PreviousPage(HttpContext);

    /// <summary>The signed-in user's name, or null.</summary>
    public string? UserName => User.Identity?.IsAuthenticated == true ? User.Identity.Name : null;

    /// <summary>403, and for htmx where to put the fragment (called by the view: the page has no handler to run).</summary>
    public void Answer()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (Fragment)
        {
            Response.Headers["HX-Retarget"] = "#page-alert";
            Response.Headers["HX-Reswap"] = "innerHTML show:#page-alert:top";
        }
    }
}
