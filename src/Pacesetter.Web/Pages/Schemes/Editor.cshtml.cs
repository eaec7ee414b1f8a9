using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Access;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Output;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// 方案编辑 the scheme editor of one period: a structured view and the JSON of the whole document, checked live as
/// it is typed; admins save a new version with a reason, leaders read. The version the editor started from is posted
/// back: a save made in between is shown, never overwritten.
/// </summary>
public sealed class EditorModel(SchemeStore store, UnitService units, Pacesetter.App.Benchmarking.BenchmarkService benchmarks, Pacesetter.App.Surveys.SurveyService surveys, IStringLocalizer<SchemesText> text) : PageModel
{
    /// <summary>The reason a first version is saved with unless the admin gives another.</summary>
    public const string NewReason = "新建考核方案";

    public string Org { get; private set; } = "";
    public string Period { get; private set; } = "";
    public bool CanEdit { get; private set; }
    /// <summary>The period's current version; null while a new period's first scheme is a draft (nothing saved yet).</summary>
    public SchemeVersion? Current { get; private set; }
    public bool IsDraft => Current is null;
    /// <summary>The document as last saved (empty for a draft): the page warns of changes that differ from it.</summary>
    public string SavedText { get; private set; } = "";
    public SchemeView View { get; private set; } = new() { Problems = [], Categories = [] };
    /// <summary>The newer version a save collided with.</summary>
    public SchemeVersion? Newer { get; private set; }
    public int? SavedVersion { get; private set; }
    public string? ReasonError { get; private set; }

    [BindProperty] public string Text { get; set; } = "";
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int BaseVersion { get; set; }

    /// <param name="start">For a period without a scheme (admins): <see cref="SchemeTemplates.Empty"/> or <see cref="SchemeTemplates.Demo"/>, from the New page.</param>
    /// <param name="name">The new scheme's name (from the New page).</param>
    public async Task<IActionResult> OnGetAsync(string org, string period, int? saved, string? start, string? name)
    {
        if (await LoadAsync(org, period, draft: start is not null) is { } denied) return denied;
        if (Current is null)
        {
            var name1 = string.IsNullOrWhiteSpace(name) ? SchemeTemplates.DefaultName(period) : name.Trim();
            if (SchemeTemplates.Start(start!, period, name1) is not { } draft) return NotFound();
            Text = draft.ToJsonString(JsonFormats.Indented);
            BaseVersion = 0;
            Reason = NewReason;
        }
        else
        {
            Text = SavedText;
            BaseVersion = Current.Version;
        }
        SavedVersion = saved;
        View = await CheckAsync(Text);
        return Page();
    }

    /// <summary>htmx: the problems, the summary and the structured view of the posted text.</summary>
    public async Task<IActionResult> OnPostValidateAsync(string org, string period)
    {
        if (await LoadAsync(org, period, draft: BaseVersion == 0) is { } denied) return denied;
        return Partial("_Check", await CheckAsync(Text));
    }

    public async Task<IActionResult> OnPostSaveAsync(string org, string period)
    {
        if (await LoadAsync(org, period, draft: BaseVersion == 0) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        View = await CheckAsync(Text);
        if (string.IsNullOrWhiteSpace(Reason)) ReasonError = text["Editor.ReasonRequired"];
        if (!View.IsValid || ReasonError is not null) return Page();
        var actor = (await HttpContext.GetActorAsync())!;
        var document = JsonNode.Parse(Text)!.AsObject();
        document["data"] = (await store.AssembleAsync(actor.OrganizationId, period, ct: HttpContext.RequestAborted))?["data"]?.DeepClone() ?? new JsonObject();
        var outcome = await store.SaveAsync(actor.OrganizationId, period, document, actor.UserName, Reason!.Trim(), BaseVersion, HttpContext.RequestAborted);
        if (outcome.Status == WriteStatus.Conflict)
        {
            Newer = outcome.Value;
            return Page();
        }
        if (outcome.Status == WriteStatus.Invalid)
        {
            View = new SchemeView
            {
                Problems = outcome.Problems,
                Categories = View.Categories,
                CoreShareMin = View.CoreShareMin,
                Name = View.Name,
                ApplyUrl = View.ApplyUrl,
                Warnings = View.Warnings,
                SchemeForm = View.SchemeForm,
                OrgUnits = View.OrgUnits,
                NamedSources = View.NamedSources,
                UnitMap = View.UnitMap,
            };
            return Page();
        }
        return Redirect($"{Routes.Scheme(org, period)}?saved={outcome.Value!.Version}");
    }

    /// <summary>htmx: applies the indicator form (<paramref name="indicator"/> empty adds one) to the posted document and shows the panel again.</summary>
    public Task<IActionResult> OnPostApplyIndicatorAsync(string org, string period, string category, string? indicator) =>
        ApplyAsync(org, period, IndicatorForms.IndicatorKey(category, indicator), IndicatorForms.Tidy(IndicatorFieldsPosted()),
            (doc, values) => IndicatorForms.Apply(doc, category, indicator, values, text));

    /// <summary>
    /// htmx: the indicator form again for the fields as posted, when the kind or method changed (that method's fields)
    /// or a row was asked for; nothing is applied.
    /// </summary>
    public async Task<IActionResult> OnPostIndicatorFormAsync(string org, string period, string category, string? indicator)
    {
        if (await LoadAsync(org, period, draft: BaseVersion == 0) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        View = await CheckAsync(Text);
        var cat = View.Categories.FirstOrDefault(c => c.Id == category);
        if (cat is null) return NotFound();
        var ind = indicator is null ? null : cat.Indicators.FirstOrDefault(i => i.Id == indicator);
        var values = IndicatorForms.Tidy(IndicatorFieldsPosted());
        if (!IndicatorForms.MethodsFor(values.GetValueOrDefault("kind", "base")).Contains(values.GetValueOrDefault("method", "")))
        {
            values["method"] = IndicatorForms.MethodsFor(values.GetValueOrDefault("kind", "base"))[0];
            values = IndicatorForms.Tidy(values);
        }
        foreach (var p in IndicatorForms.Params(values.GetValueOrDefault("method", "")).Where(p => p.HasRows))
        {
            values[p.Name + "_rows"] = IndicatorForms.RowsShown(values, p).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        values.Remove("addrow");
        var form = IndicatorForms.Form(View, cat, ind, text) with { Values = values, Errors = new Dictionary<string, string>(), Open = true };
        return Partial("_IndicatorForm", form);
    }

    /// <summary>htmx: copies the indicator, as it stands in the posted document, to another category under a free id.</summary>
    public Task<IActionResult> OnPostCopyIndicatorAsync(string org, string period, string category, string indicator) =>
        ApplyAsync(org, period, IndicatorForms.IndicatorKey(category, indicator), IndicatorFieldsPosted(),
            (doc, values) => IndicatorForms.Copy(doc, category, indicator, IndicatorForms.Get(values, "copyTo"), text));

    /// <summary>htmx: removes the indicator from the posted document.</summary>
    public Task<IActionResult> OnPostRemoveIndicatorAsync(string org, string period, string category, string indicator) =>
        ApplyAsync(org, period, IndicatorForms.IndicatorKey(category, indicator), new Dictionary<string, string>(),
            (doc, _) => IndicatorForms.Remove(doc, category, indicator) ? [] : new() { [""] = text["Form.NoIndicator", indicator] });

    /// <summary>Every posted <c>f_</c> field of the indicator form (its rows are many), without the prefix.</summary>
    private Dictionary<string, string> IndicatorFieldsPosted() =>
        Request.HasFormContentType
            ? Request.Form.Keys.Where(k => k.StartsWith("f_", StringComparison.Ordinal) && k.Length < 120).Take(2000).ToDictionary(k => k[2..], k => Request.Form[k].ToString())
            : [];

    /// <summary>htmx: applies the category form (name, units, tie-breaks, grades, labels, flag) to the posted document.</summary>
    public async Task<IActionResult> OnPostApplyCategoryAsync(string org, string period, string category)
    {
        var values = CategoryForms.Posted(f => Request.Form.TryGetValue(f, out var v) ? [.. v.Select(x => x ?? "")] : []);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (await HttpContext.GetActorInAsync(org) is { } actor)
        {
            foreach (var u in await units.UnitsAsync(actor.OrganizationId, ct: HttpContext.RequestAborted)) names[u.Code] = u.Name;
        }
        return await ApplyAsync(org, period, CategoryForms.CategoryKey(category), values,
            (doc, v) => CategoryForms.ApplyCategory(doc, category, v, names, text));
    }

    /// <summary>htmx: applies the scheme form (name, coreShareMin, previous flag holders).</summary>
    public Task<IActionResult> OnPostApplySchemeAsync(string org, string period) =>
        ApplyAsync(org, period, CategoryForms.SchemeKey, PostedFields(), (doc, v) => CategoryForms.ApplyScheme(doc, v, text));

    /// <summary>htmx: adds an empty category (id, name) at the end.</summary>
    public Task<IActionResult> OnPostAddCategoryAsync(string org, string period) =>
        ApplyAsync(org, period, CategoryForms.NewCategoryKey, PostedFields(), (doc, v) => CategoryForms.AddCategory(doc, v, text));

    /// <summary>htmx: removes the category (its units leave the scheme's units map).</summary>
    public Task<IActionResult> OnPostRemoveCategoryAsync(string org, string period, string category) =>
        ApplyAsync(org, period, CategoryForms.CategoryKey(category), new Dictionary<string, string>(),
            (doc, _) => CategoryForms.RemoveCategory(doc, category) ? [] : new() { [""] = text["Form.NoCategory", category] });

    /// <summary>htmx: moves the category one place up (<paramref name="by"/> −1) or down (+1).</summary>
    public Task<IActionResult> OnPostMoveCategoryAsync(string org, string period, string category, int by) =>
        ApplyAsync(org, period, CategoryForms.CategoryKey(category), new Dictionary<string, string>(),
            (doc, _) => CategoryForms.MoveCategory(doc, category, by) || CategoryForms.Category(doc, category) is not null ? [] : new() { [""] = text["Form.NoCategory", category] });

    /// <summary>Every posted <c>f_</c> field by its name without the prefix (the first value of each).</summary>
    private Dictionary<string, string> PostedFields() =>
        Request.Form.Keys.Where(k => k.StartsWith("f_", StringComparison.Ordinal)).ToDictionary(k => k[2..], k => Request.Form[k].ToString(), StringComparer.Ordinal);

    /// <summary>
    /// Applies a form edit to the posted document and answers the editor panel: the JSON, the structured view and
    /// the live check. Nothing is saved; a field that cannot be applied leaves the document as it was posted.
    /// </summary>
    private Task<IActionResult> ApplyAsync(string org, string period, string key, IEnumerable<string> fields, Func<JsonObject, IReadOnlyDictionary<string, string>, Dictionary<string, string>> apply) =>
        ApplyAsync(org, period, key, fields.ToDictionary(f => f, f => Request.Form.TryGetValue("f_" + f, out var v) ? v.ToString() : ""), apply);

    private async Task<IActionResult> ApplyAsync(string org, string period, string key, Dictionary<string, string> values, Func<JsonObject, IReadOnlyDictionary<string, string>, Dictionary<string, string>> apply)
    {
        if (await LoadAsync(org, period, draft: BaseVersion == 0) is { } denied) return denied;
        if (!CanEdit) return Forbid();
        JsonObject? doc = null;
        try
        {
            // A text with strings that are not text is not applied to: the check below names where they are.
            if (Scoring.Schemes.JsonScan.Text(Text).Count == 0) doc = JsonNode.Parse(Text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        string? formError = null;
        Dictionary<string, string> errors = [];
        if (doc is null) formError = text["Form.Unreadable"];
        else
        {
            errors = apply(doc, values);
            if (errors.Count == 0) Text = doc.ToJsonString(JsonFormats.Indented);
            else if (errors.Remove("", out var general)) formError = general;
        }
        View = await CheckAsync(Text);
        if (errors.Count > 0) View.Form = new SchemeForms.FormState(key, values, errors);
        View.FormError = formError;
        return Partial("_Panel", this);
    }

    private async Task<SchemeView> CheckAsync(string json)
    {
        var data = Current is null ? null : (await store.AssembleAsync(Current, ct: HttpContext.RequestAborted))["data"] as JsonObject;
        var view = SchemeView.Check(json, data, Period);
        view.ApplyUrl = CanEdit ? Routes.Scheme(Org, Period) : null;
        // The unit picker reads the organization's units every time: a unit added on the Units page is there at once.
        if (CanEdit) view.OrgUnits = [.. (await units.UnitsAsync(organizationId, ct: HttpContext.RequestAborted)).Select(u => new SchemeView.OrgUnit(u.Code, u.Name, u.RetiredAt is not null))];
        if (CanEdit)
        {
            // Every benchmark × indicator of the benchmarking data, as "对标差距：与苏州工业园区比 · 地区生产总值", and the period's surveys.
            var benchmarkData = await benchmarks.FileAsync(organizationId, HttpContext.RequestAborted);
            view.NamedSources = [.. benchmarkData.Benchmarks.SelectMany(b => benchmarkData.Indicators.Select(i =>
                (Pacesetter.Scoring.Schemes.DataSources.BenchmarkGap(b.Id, i.Id), text["Source.benchmarks", b.Name, i.Name].Value))),
                // The period's rating surveys, as "测评得分：2026年第三季度满意度测评" (issue #12, surveys.md §4).
                .. (await surveys.ListAsync(organizationId, HttpContext.RequestAborted)).Where(s => s.Row.Period == Period)
                    .Select(s => (Pacesetter.Scoring.Schemes.DataSources.Survey(s.Row.Code), text["Source.surveys", s.Row.Name].Value))];
        }
        return view;
    }

    private int organizationId;

    /// <summary>
    /// Null when the actor may read the period's scheme; else the answer (404 for another organization or no scheme,
    /// 403 without the role). With <paramref name="draft"/>, an admin may work on a period that has no scheme yet.
    /// </summary>
    private async Task<IActionResult?> LoadAsync(string org, string period, bool draft = false)
    {
        Org = org;
        Period = period;
        if (await HttpContext.GetActorInAsync(org) is not Actor actor) return NotFound();
        if (!actor.ReadsAll) return Forbid();
        if (!Periods.IsValid(period)) return NotFound();
        organizationId = actor.OrganizationId;
        Current = await store.CurrentAsync(actor.OrganizationId, period, HttpContext.RequestAborted);
        CanEdit = actor.IsAdmin;
        if (Current is null && !(draft && CanEdit)) return NotFound();
        SavedText = Current is null ? "" : Shown(Current.Document);
        return null;
    }

    /// <summary>A stored document as the editor shows it: indented, its keys in scoring.md §7's order on every database (SchemeLayout).</summary>
    private static string Shown(string document) =>
        JsonNode.Parse(document) is JsonObject file ? SchemeLayout.Arrange(file).ToJsonString(JsonFormats.Indented) : document;

    /// <summary>The newer version's document, indented, for the conflict message.</summary>
    public static string Pretty(string json) => JsonNode.Parse(json)!.ToJsonString(JsonFormats.Indented);
}
