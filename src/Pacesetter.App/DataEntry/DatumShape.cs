using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.DataEntry;

/// <summary>Which inputs a datum takes, from its indicator's method and measure.</summary>
public enum InputKind
{
    /// <summary>A number (with target and/or previous where the indicator needs them).</summary>
    Number,
    /// <summary>A manual score in [0, weight].</summary>
    Score,
    /// <summary>Bonus points.</summary>
    Points,
    /// <summary>A grade chosen from the method's grades.</summary>
    Grade,
    /// <summary>A list of awards {item, level}.</summary>
    Awards,
    /// <summary>Event counts, by type or in total.</summary>
    Counts,
    /// <summary>A list of events {id, type}.</summary>
    Events,
}

/// <summary>
/// The shape of an indicator's datum as people enter it (the data entry form, the spreadsheet template and import):
/// its kind, whether a number takes a target (completion; optional when the method sets one) and a previous value
/// (growth), and the grades, award levels and event types to choose from.
/// </summary>
public sealed record DatumShape(InputKind Kind, bool NeedsTarget, bool TargetOptional, bool NeedsPrevious,
    IReadOnlyList<string> Grades, IReadOnlyList<string> Levels, IReadOnlyList<string> EventTypes)
{
    /// <param name="eventList">Events entered one by one (ids and types) rather than counted.</param>
    public static DatumShape Of(Indicator indicator, bool eventList = false)
    {
        var m = indicator.Method;
        var kind = m.Type switch
        {
            MethodType.Manual => InputKind.Score,
            MethodType.Points => InputKind.Points,
            MethodType.Grade => InputKind.Grade,
            MethodType.Levels => InputKind.Awards,
            MethodType.Events => eventList ? InputKind.Events : InputKind.Counts,
            _ => InputKind.Number,
        };
        return new DatumShape(kind, m.Type == MethodType.Completion, m.Target is not null,
            indicator.Measure == MeasureKind.Growth && kind is InputKind.Number or InputKind.Score,
            ByPoints(m.Grades), ByPoints(m.Levels), ByPoints(m.PerEventByType));
    }

    /// <summary>
    /// A map's keys in the order of their points, highest first, then by key: the same on every database (a PostgreSQL
    /// <c>jsonb</c> scheme document keeps no key order, ADR 0042), so that a form, a template and a text list them alike.
    /// </summary>
    public static List<string> ByPoints(IReadOnlyDictionary<string, decimal>? points) =>
        points is null ? [] : [.. points.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key)];
}
