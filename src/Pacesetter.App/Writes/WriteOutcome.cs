using Pacesetter.Scoring;

namespace Pacesetter.App.Writes;

/// <summary>How an operation ended; the web host maps each to one HTTP status (Outcomes.cs) and one page message.</summary>
public enum WriteStatus
{
    Ok,
    /// <summary>No such row in the actor's organization (or not readable by the actor): 404.</summary>
    NotFound,
    /// <summary>The actor may read but not do this: 403.</summary>
    Forbidden,
    /// <summary>The input fails its checks (<see cref="WriteOutcome{T}.Problems"/>, each with its field path): 400.</summary>
    Invalid,
    /// <summary>Someone changed the row in between (version or unique index): 409.</summary>
    Conflict,
}

/// <summary>
/// The outcome of an operation of an application service: its value when it happened; else why not — the problems of
/// the input (a JSON path or form field and a message in English and Chinese), or the conflict's message and, when
/// known, the row as it now stands (<see cref="Value"/>).
/// </summary>
public sealed record WriteOutcome<T>
{
    public required WriteStatus Status { get; init; }
    /// <summary>Ok: the result. Conflict: the current state when the service read it (else default).</summary>
    public T? Value { get; init; }
    /// <summary>Invalid: every problem; Forbidden: at most one; Conflict: the message, or what stands in the way (a publication's missing data).</summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];

    public bool IsOk => Status == WriteStatus.Ok;

    public static WriteOutcome<T> Ok(T value) => new() { Status = WriteStatus.Ok, Value = value };

    public static WriteOutcome<T> NotFound() => new() { Status = WriteStatus.NotFound };

    public static WriteOutcome<T> Forbidden() => new() { Status = WriteStatus.Forbidden };

    public static WriteOutcome<T> Invalid(IReadOnlyList<Problem> problems) =>
        problems.Count == 0 ? throw new ArgumentException("an invalid outcome names its problems", nameof(problems)) : new() { Status = WriteStatus.Invalid, Problems = problems };

    public static WriteOutcome<T> Invalid(string path, string english, string chinese) => Invalid([new Problem(path, english, chinese)]);

    public static WriteOutcome<T> Conflict(Problem message, T? current = default) => new() { Status = WriteStatus.Conflict, Problems = [message], Value = current };

    /// <summary>A conflict with the state of several things, each named (a publication refused for its missing data).</summary>
    public static WriteOutcome<T> Conflict(IReadOnlyList<Problem> problems) =>
        problems.Count == 0 ? throw new ArgumentException("a conflict names what stands in the way", nameof(problems)) : new() { Status = WriteStatus.Conflict, Problems = problems };

    /// <summary>The same refusal as an outcome of another type (a failed step of a larger operation).</summary>
    public WriteOutcome<TOther> As<TOther>() => IsOk
        ? throw new InvalidOperationException("only a refusal converts to another outcome type")
        : new() { Status = Status, Problems = Problems };
}

/// <summary>The messages every service shares.</summary>
public static class WriteMessages
{
    /// <summary>The conflict of a write whose row changed (or whose key was taken) since it was read.</summary>
    public static readonly Problem Changed = new("$", "someone else changed this in the meantime; reload and try again", "已被他人修改，请刷新后重试");
}
