using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Bulletins;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Bulletins;

/// <summary>
/// A bulletin (ADR 0033): its text (Chinese; the English reading in the English UI), the figures it was drafted from,
/// the .docx and the print page; for the office, while it is a draft, the form to edit each section (paragraphs
/// separated by a blank line) and the button to issue it. Drafts: admins and leaders; issued: every member.
/// </summary>
public sealed class BulletinModel(BulletinService bulletins, People people, IStringLocalizer<BulletinsText> text) : PageModel
{
    [FromRoute] public string Org { get; set; } = "";
    [FromRoute(Name = "bulletin")] public int Id { get; set; }
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public Bulletin Bulletin { get; private set; } = null!;
    public BulletinText Text { get; private set; } = null!;
    public BulletinDraft? Draft { get; private set; }
    public List<string> Errors { get; } = [];
    public bool Editable => SupervisionAccess.Manages(Actor) && Bulletin.State == BulletinState.Draft;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        return Page();
    }

    public async Task<IActionResult> OnGetDocxAsync()
    {
        if (await LoadAsync() is { } denied) return denied;
        var name = (Bulletin.Number is { } n ? $"督查通报{Bulletin.Year}-{n}" : $"督查通报草稿-{Bulletin.Month}") + ".docx";
        return File(BulletinService.Docx(Bulletin, Actor.Organization.Name), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name);
    }

    /// <summary>Paragraphs of a textarea: separated by blank lines.</summary>
    public static List<string> Paragraphs(string? body) =>
        [.. (body ?? "").Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.Replace('\n', ' '))];

    public async Task<IActionResult> OnPostSaveAsync(List<string>? heading, List<string>? body, int version)
    {
        if (await LoadAsync() is { } denied) return denied;
        var headings = heading ?? [];
        var bodies = body ?? [];
        var sections = headings.Select((h, i) => new BulletinSection(h ?? "", Paragraphs(i < bodies.Count ? bodies[i] : ""))).ToList();
        var outcome = await bulletins.EditAsync(Actor, Id, new BulletinText(sections), version, HttpContext.RequestAborted);
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (!outcome.IsOk) return await RefusedAsync(outcome);
        Done = text["Done.Saved"];
        return Redirect(SupervisionRoutes.Bulletin(Org, Id));
    }

    public async Task<IActionResult> OnPostIssueAsync(int version)
    {
        if (await LoadAsync() is { } denied) return denied;
        var outcome = await bulletins.IssueAsync(Actor, Id, version, HttpContext.RequestAborted);
        if (outcome.Status == WriteStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (!outcome.IsOk) return await RefusedAsync(outcome);
        Done = text["Done.Issued", BulletinJson.Title(outcome.Value!)];
        return Redirect(SupervisionRoutes.Bulletin(Org, Id));
    }

    private async Task<IActionResult> RefusedAsync(WriteOutcome<Bulletin> outcome)
    {
        Errors.AddRange(outcome.Messages());
        Response.StatusCode = Outcomes.StatusOf(outcome.Status);
        await LoadAsync();
        return Page();
    }

    /// <summary>Who drafted or issued, by name.</summary>
    public Func<string?, string> Person { get; private set; } = n => n ?? "";

    private async Task<IActionResult?> LoadAsync()
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        Actor = actor;
        var b = await bulletins.GetAsync(actor, Id, HttpContext.RequestAborted);
        if (b is null) return NotFound();
        Bulletin = b;
        Person = await people.OfAsync(actor.OrganizationId, HttpContext.RequestAborted);
        Text = BulletinJson.Text(b.IssuedText ?? b.Text);
        Draft = SupervisionAccess.Oversees(actor) ? BulletinJson.Draft(b.Draft) : null;
        return null;
    }
}
