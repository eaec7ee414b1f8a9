using Pacesetter.App.DataEntry;
using Pacesetter.App.Publication;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Web.Pages.Races;

/// <summary>The resources of the publication pages (Resources/Pages.Races.PublicationText.*.resx, from Publication.tsv).</summary>
public sealed class PublicationText;

/// <summary>The publication pages' addresses (the page of a period's publication, its downloads).</summary>
public static class PublishRoutes
{
    public static string Publish(string org, string period) => $"/orgs/{org}/races/{period}/publish";

    public static string Revision(string org, string period, int n) => $"{Publish(org, period)}?revision={n}#results";

    public static string Input(string org, string period, int n) => $"{Publish(org, period)}?handler=Input&n={n}";

    public static string Evidence(string org, string period, long id) => $"{Publish(org, period)}?handler=Evidence&id={id}";
}

/// <summary>The words of the publication pages that come from data: states, changes, missing data.</summary>
public static class PublishWords
{
    /// <summary>A missing datum's state in words (no datum, draft, submitted, returned).</summary>
    public static string MissingState(Microsoft.Extensions.Localization.IStringLocalizer<PublicationText> t, DatumState? state) => state switch
    {
        null => t["Missing.None"],
        DatumState.Draft => t["Missing.Draft"],
        DatumState.Submitted => t["Missing.Submitted"],
        DatumState.Returned => t["Missing.Returned"],
        _ => t["Missing.None"],
    };

    /// <summary>The last whole day of a notice period, China's date (<c>2026-11-06</c>): "公示期至 2026-11-06（含）".</summary>
    public static string LastDay(DateTimeOffset endsAt) => NoticePeriod.LastDay(endsAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string State(Microsoft.Extensions.Localization.IStringLocalizer<PublicationText> t, PublicationState state) => t["State." + state];

    public static string Objection(Microsoft.Extensions.Localization.IStringLocalizer<PublicationText> t, ObjectionState state) => t["Objection." + state];

    /// <summary>A label (标兵/优胜/黄牌) in words; empty for none.</summary>
    public static string Label(Microsoft.Extensions.Localization.IStringLocalizer<PublicationText> t, string? label) => label is null ? t["Label.None"] : t["Label." + label];

    /// <summary>An indicator's name in the scheme (its id when the scheme has none by that id).</summary>
    public static string IndicatorName(Scheme? scheme, string id)
    {
        if (scheme is null) return id;
        foreach (var c in scheme.Categories)
        {
            int j = c.IndicatorIndex(id);
            if (j >= 0) return c.Indicators[j].Name;
        }
        return id;
    }

    public static string CategoryName(Scheme? scheme, string id) => scheme?.Categories.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    /// <summary>
    /// One unit's change between two revisions in words, each figure before → after: 综合得分 92.10 → 93.40；名次 3 → 2；
    /// 等次 良好 → 优秀；标签 黄牌 → 无；流动红旗 获得.
    /// </summary>
    public static IReadOnlyList<string> Change(Microsoft.Extensions.Localization.IStringLocalizer<PublicationText> t, RevisionChange c)
    {
        var parts = new List<string>();
        if (c.CompositeBefore is null) parts.Add(t["Change.Added"]);
        else if (c.CompositeAfter is null) parts.Add(t["Change.Removed"]);
        if (c.CompositeBefore != c.CompositeAfter && c.CompositeBefore is { } cb && c.CompositeAfter is { } ca)
        {
            parts.Add(t["Change.Composite", RaceReader.Figure(cb), RaceReader.Figure(ca)]);
        }
        if (c.RankBefore != c.RankAfter && c.RankBefore is { } rb && c.RankAfter is { } ra) parts.Add(t["Change.Rank", rb, ra]);
        if (c.GradeBefore != c.GradeAfter && c.CompositeBefore is not null && c.CompositeAfter is not null)
        {
            parts.Add(t["Change.Grade", c.GradeBefore ?? t["Grade.None"], c.GradeAfter ?? t["Grade.None"]]);
        }
        if (c.LabelBefore != c.LabelAfter && c.CompositeBefore is not null && c.CompositeAfter is not null) parts.Add(t["Change.Label", Label(t, c.LabelBefore), Label(t, c.LabelAfter)]);
        if (c.FlagBefore != c.FlagAfter) parts.Add(c.FlagAfter ? t["Change.FlagWon"] : t["Change.FlagLost"]);
        return parts;
    }
}
