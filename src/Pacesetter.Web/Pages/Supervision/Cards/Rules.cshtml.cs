using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Supervision;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Supervision.Cards;

/// <summary>
/// 亮牌规则 the organization's card settings (supervision.md §1) and workflow deadlines as a form: leaders read them,
/// admins change them. The form is turned into the rules object of <c>PUT rules</c> and saved by
/// <see cref="CardSettingsService"/> against the version shown, so the page and the API refuse the same values with the
/// same words; each problem is shown at its field.
/// </summary>
public sealed class RulesModel(CardSettingsService settings, IStringLocalizer<CardsText> text) : PageModel
{
    /// <summary>The form's fields, in the order shown, as the rules object names them.</summary>
    public static readonly string[] Fields =
        ["yellowLag", "redLag", "notStartedYellowMonths", "notStartedRedMonths", "escalateAfter", "acknowledgeWorkingDays", "verifyWorkingDays"];

    [FromRoute] public string Org { get; set; } = "";
    [TempData] public string? Done { get; set; }

    public Actor Actor { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    public int Version { get; private set; }
    /// <summary>The value shown in each field: the stored one, or what the admin typed when it was refused.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    /// <summary>The problems of a refused save by field (<c>""</c>: not of one field).</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await DenyAsync(edit: false) is { } denied) return denied;
        Show(await settings.GetAsync(Actor.OrganizationId, ct));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int version, CancellationToken ct)
    {
        if (await DenyAsync(edit: true) is { } denied) return denied;
        var body = new JsonObject();
        foreach (var field in Fields)
        {
            var typed = (string?)Request.Form[field] ?? "";
            Values[field] = typed.Length > 20 ? typed[..20] : typed;
            var trimmed = typed.Trim();
            // A number goes as a number (the engine checks whole numbers and bounds); anything else as text, which the engine refuses naming the field.
            body[field] = decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                ? JsonValue.Create(d)
                : JsonValue.Create(trimmed);
        }
        var saved = await settings.SaveAsync(Actor.OrganizationId, Encoding.UTF8.GetBytes(body.ToJsonString()), version, Actor.UserName, ct);
        if (saved.IsOk)
        {
            Done = text["Rules.Saved"];
            return Redirect(SupervisionRoutes.Rules(Org));
        }
        Response.StatusCode = Outcomes.StatusOf(saved.Status);
        if (saved.Status == WriteStatus.Conflict)
        {
            // Someone saved first: their values are shown, with the message.
            Show(await settings.GetAsync(Actor.OrganizationId, ct));
            Errors[""] = [text["Rules.Changed"]];
            return Page();
        }
        Version = version;
        foreach (var p in saved.Problems)
        {
            var field = p.Path.StartsWith("$.", StringComparison.Ordinal) && Fields.Contains(p.Path[2..]) ? p.Path[2..] : "";
            if (!Errors.TryGetValue(field, out var list)) Errors[field] = list = [];
            list.Add(InWords(p.Message(Outcomes.Language)));
        }
        return Page();
    }

    /// <summary>The engine's message with the settings' names in words (<c>yellowLag</c> → 黄牌阈值): the page's readers never see the JSON.</summary>
    private string InWords(string message)
    {
        foreach (var field in Fields.OrderByDescending(f => f.Length)) message = message.Replace(field, text["Rules.Name." + field], StringComparison.Ordinal);
        return message;
    }

    private void Show(CardSettings s)
    {
        Version = s.Version;
        foreach (var (key, value) in CardSettingsService.Json(s)) Values[key] = value!.ToJsonString();
    }

    private async Task<IActionResult?> DenyAsync(bool edit)
    {
        var actor = await HttpContext.GetActorInAsync(Org);
        if (actor is null) return NotFound();
        if (!SupervisionAccess.Oversees(actor) || (edit && !SupervisionAccess.Manages(actor))) return StatusCode(StatusCodes.Status403Forbidden);
        Actor = actor;
        CanEdit = SupervisionAccess.Manages(actor);
        return null;
    }
}
