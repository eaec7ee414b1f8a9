using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Race;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>
/// <c>source: "surveys/{id}"</c> (surveys.md §4, ADR 0043): once the survey of that id — of the same period — is closed,
/// every unit's datum is <c>{"value": score}</c>, its score in the tally; a unit with no score, or not on the survey,
/// has no datum (the indicator's missing rule applies). While the survey is open, or for a survey of another period,
/// no unit has a datum. A <c>manual</c> indicator takes the score scaled to its weight (<see cref="Scaled"/>).
/// </summary>
public sealed class SurveySource : ISystemDatumSource
{
    public string Writer => "system:surveys";

    public bool Handles(string source) => DataSources.IsSurvey(source);

    public async Task<IReadOnlyDictionary<string, JsonNode?>> ValuesAsync(PacesetterDb db, int org, string period, SystemData.Sourced indicator, CancellationToken ct)
    {
        var code = DataSources.SurveyOf(indicator.Source);
        var row = code is null ? null : await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == org && s.Code == code, ct);
        if (row is null || row.State != SurveyState.Closed || row.Period != period) return indicator.Units.ToDictionary(u => u, _ => (JsonNode?)null, StringComparer.Ordinal);
        var result = await new SurveyService(db).ResultAsync(row, ct);
        var scores = result.Units.ToDictionary(u => u.Unit, u => u.Score, StringComparer.Ordinal);
        var weight = indicator.Method == MethodTypes.Manual ? indicator.Weight : null;
        return indicator.Units.ToDictionary(u => u, u => scores.GetValueOrDefault(u) is { } s ? (JsonNode?)new JsonObject { ["value"] = Numbers.Normalize(Scaled(s, weight)) } : null, StringComparer.Ordinal);
    }

    /// <summary>A score (0–100) as an indicator takes it: for a <c>manual</c> one of weight <paramref name="manualWeight"/>, score × weight / 100 rounded to 2 decimals; else as it is.</summary>
    public static decimal Scaled(decimal score, decimal? manualWeight) =>
        manualWeight is { } w ? Numbers.Round2(Numbers.MulDiv(score, w, 100m)) : score;
}
