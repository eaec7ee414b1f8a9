using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pacesetter.App.Supervision.Bulletins;

/// <summary>A section of a bulletin: its heading (一、总体情况) and paragraphs.</summary>
public sealed record BulletinSection(string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>A bulletin's text: the Chinese sections (the official text, edited by the office) and the English ones (the English UI's reading).</summary>
public sealed record BulletinText(IReadOnlyList<BulletinSection> Sections, IReadOnlyList<BulletinSection>? SectionsEn = null);

/// <summary>A matter named in a bulletin.</summary>
public sealed record BulletinMatter(string Task, string Name, string Unit, string UnitName);

/// <summary>A card issued at the month's end as the bulletin lists it.</summary>
public sealed record BulletinCard(string Id, string Task, string Name, string Unit, string UnitName, string Type, string Reason,
    decimal? Expected, decimal Actual, decimal? Lag, bool Escalated);

/// <summary>A unit's cards of the month.</summary>
public sealed record BulletinUnit(string Unit, string Name, int Yellow, int Red);

/// <summary>A workflow step past its deadline in the month (taken late, or still pending at the month's end).</summary>
public sealed record BulletinOverdue(string Task, string Name, string Unit, string UnitName, string Step, DateTimeOffset Deadline, bool Pending);

/// <summary>
/// The month's figures a bulletin is drafted from (ADR 0033): matters evaluated at the month-end (supervised and
/// started), not yet started, the cards issued at the month's end (yellow, red; escalated = a red card whose matter
/// had a yellow card the month before), matters whose cards were lifted in the month, overdue steps, units ordered by
/// cards (red, yellow, code) and matters completed in the month.
/// </summary>
public sealed record BulletinFigures(string Month, int Evaluated, int NotStarted, int Yellow, int Red, IReadOnlyList<BulletinCard> Cards,
    IReadOnlyList<BulletinMatter> Lifted, IReadOnlyList<BulletinOverdue> Overdue, IReadOnlyList<BulletinUnit> Units, IReadOnlyList<BulletinMatter> Completed)
{
    public int Escalated => Cards.Count(c => c.Escalated);
}

/// <summary>The system's draft as kept: its text and the figures it was made from.</summary>
public sealed record BulletinDraft(IReadOnlyList<BulletinSection> Sections, IReadOnlyList<BulletinSection> SectionsEn, BulletinFigures Figures);

/// <summary>The JSON of the stored texts.</summary>
public static class BulletinJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static BulletinText Text(string json) => JsonSerializer.Deserialize<BulletinText>(json, Options) ?? new BulletinText([]);

    public static BulletinDraft Draft(string json) => JsonSerializer.Deserialize<BulletinDraft>(json, Options)!;

    /// <summary>督查通报〔2026〕第1期 once issued; before, the month's working title.</summary>
    public static string Title(Model.Bulletin b) => b.Number is { } n && b.Year is { } y
        ? $"督查通报〔{y}〕第{n}期"
        : $"督查通报（{MonthZh(b.Month)}，草稿）";

    public static string TitleEn(Model.Bulletin b) => b.Number is { } n && b.Year is { } y
        ? $"Supervision bulletin {y} No. {n}"
        : $"Supervision bulletin ({b.Month}, draft)";

    /// <summary>2026年3月.</summary>
    public static string MonthZh(string month) => DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        ? $"{d.Year}年{d.Month}月"
        : month;
}
