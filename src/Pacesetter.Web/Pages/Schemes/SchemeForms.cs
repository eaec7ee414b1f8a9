namespace Pacesetter.Web.Pages.Schemes;

/// <summary>
/// The editor's forms over the scheme document (scoring.md §7): what every form shares — its posted state and what it
/// shows. The indicator form is <see cref="IndicatorForms"/>; the scheme's own fields and the categories are
/// <see cref="CategoryForms"/>. The JSON stays the single source of truth: an edit changes only the fields of its
/// form, and a field that cannot be applied leaves the whole document unchanged and is named in the user's language.
/// </summary>
public static class SchemeForms
{
    /// <summary>The posted state of one form, shown again with its errors when it could not be applied.</summary>
    public sealed record FormState(string Key, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors);

    /// <summary>What one form shows: its values (posted or read), its errors, and whether it starts open.</summary>
    public sealed record FormModel(string ApplyUrl, string Category, string? Indicator, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors, bool Open)
    {
        /// <summary>A prefix for the ids of the form's fields, unique on the page.</summary>
        public string Prefix => Indicator is null ? $"a-{Category}" : $"i-{Category}-{Indicator}";

        public string Value(string field) => Values.TryGetValue(field, out var v) ? v : "";

        public string? Error(string field) => Errors.TryGetValue(field, out var e) ? e : null;
    }

    /// <summary>The form of the key in the view: the posted values and errors when it was the one that failed, else the values read.</summary>
    public static FormModel For(SchemeView view, string key, string category, string? indicator, IReadOnlyDictionary<string, string> read) =>
        view.Form is { } posted && posted.Key == key
            ? new FormModel(view.ApplyUrl!, category, indicator, posted.Values, posted.Errors, true)
            : new FormModel(view.ApplyUrl!, category, indicator, read, new Dictionary<string, string>(), false);

    public static string IndicatorKey(string category, string? indicator) => $"indicator:{category}:{indicator}";

    /// <summary>The category with the id, or null.</summary>
    public static System.Text.Json.Nodes.JsonObject? Category(System.Text.Json.Nodes.JsonObject doc, string id) => CategoryForms.Category(doc, id);
}
