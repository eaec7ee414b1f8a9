namespace Pacesetter.Scoring.Schemes;

/// <summary>One unit's data for one indicator in the period.</summary>
public abstract class Datum;

/// <summary>A number, or <c>{"value", "target"?, "previous"?}</c>.</summary>
public sealed class NumberDatum(decimal value, decimal? target = null, decimal? previous = null) : Datum
{
    /// <summary>Target and previous, held apart: most data are plain numbers, and a province holds a million of them.</summary>
    private sealed record Extra(decimal? Target, decimal? Previous);

    private readonly Extra? extra = target is null && previous is null ? null : new Extra(target, previous);

    public decimal Value { get; } = value;
    public decimal? Target => extra?.Target;
    public decimal? Previous => extra?.Previous;

    public NumberDatum WithValue(decimal value) => new(value, Target, Previous);
}

/// <summary>A grade name (评议), or a table key given as a string.</summary>
public sealed class TextDatum(string text) : Datum
{
    public string Text { get; } = text;
}

public sealed record Award(string Item, string Level);

/// <summary>A list of awards for a levels bonus.</summary>
public sealed class AwardsDatum(IReadOnlyList<Award> awards) : Datum
{
    public IReadOnlyList<Award> Awards { get; } = awards;
}

public sealed record Event(string? Id, string? Type);

/// <summary>A list of events for a penalty.</summary>
public sealed class EventsDatum(IReadOnlyList<Event> events) : Datum
{
    public IReadOnlyList<Event> Events { get; } = events;
}

/// <summary>Event counts by type, e.g. <c>{"yellow": 2, "red": 1}</c>.</summary>
public sealed class CountsDatum(IReadOnlyList<KeyValuePair<string, decimal>> counts) : Datum
{
    public IReadOnlyList<KeyValuePair<string, decimal>> Counts { get; } = counts;
}
