using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pacesetter.App.Supervision.Bulletins;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Bulletins;

/// <summary>The bulletin as a page to print (A4, the government layout in CSS, <c>@media print</c>); same readers as the bulletin.</summary>
public sealed class PrintModel(BulletinService bulletins) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute(Name = "bulletin")] public int Id { get; set; }

    public Bulletin Bulletin { get; private set; } = null!;
    public BulletinText Text { get; private set; } = null!;
    public string OrgName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        var b = await bulletins.GetAsync(actor, Id, HttpContext.RequestAborted);
        if (b is null) return NotFound();
        Bulletin = b;
        Text = BulletinJson.Text(b.IssuedText ?? b.Text);
        OrgName = actor.Organization.Name;
        return Page();
    }
}
