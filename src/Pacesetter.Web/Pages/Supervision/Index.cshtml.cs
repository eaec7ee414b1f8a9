using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision;

/// <summary>督查督办 the hub: links to what the actor may use in supervision. Admins, leaders and reporters; assessors 403.</summary>
public sealed class IndexModel : PageModel
{
    [FromRoute] public string Org { get; set; } = "";

    public Actor Actor { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Supervises(actor)) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        return Page();
    }
}
