using System.Text.RegularExpressions;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Web.Pages.DataEntry;

/// <summary>What one datum's card shows: the indicator, the row and its state, the inputs, the evidence, and the outcome of the last action.</summary>
public sealed partial class DatumCard
{
    public required string Org { get; init; }
    public required string Period { get; init; }
    public required string Unit { get; init; }
    public required string UnitName { get; init; }
    public required Indicator Indicator { get; init; }
    public required DatumEntry? Row { get; init; }
    public required DatumForm Form { get; init; }
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
    /// <summary>Who entered, submitted and reviewed the datum (null: no workflow steps in the audit trail).</summary>
    public DatumHistory? History { get; init; }
    /// <summary>A user name as the person's display name (<see cref="Pacesetter.App.Accounts.People"/>): 城东街道填报员, not reporter.t1.</summary>
    public Func<string?, string> Name { get; init; } = n => n ?? "";
    public bool CanWrite { get; init; }
    public bool CanReview { get; init; }
    /// <summary>The deadline closed entry for this actor.</summary>
    public bool Closed { get; init; }
    public string? Message { get; set; }
    public string? Error { get; set; }
    public List<string> Problems { get; } = [];

    public DatumState? State => Row?.State;
    public int Version => Row?.Version ?? 0;
    /// <summary>The inputs are open: not approved (but for the admin), and not submitted — a datum under review is withdrawn first (ADR 0014).</summary>
    public bool Editable => CanWrite && !Closed && Row?.State != DatumState.Submitted && (Row?.State != DatumState.Approved || CanReview);
    /// <summary>撤回: a submitted datum its writer may take back to a draft.</summary>
    public bool CanWithdraw => CanWrite && !Closed && Row?.State == DatumState.Submitted;

    /// <summary>The id stem of the card's elements: <c>T1--revenue</c> (characters unfit for an id become _).</summary>
    public string Dom => Safe().Replace($"{Unit}--{Indicator.Id}", "_");

    public string StateKey => Row is { Value: null, State: DatumState.Draft } ? "missing" : StateKeyOf(Row?.State);

    public static string StateKeyOf(DatumState? state) => state switch
    {
        null => "missing",
        DatumState.Draft => "draft",
        DatumState.Submitted => "submitted",
        DatumState.Approved => "approved",
        _ => "returned",
    };

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Safe();
}
