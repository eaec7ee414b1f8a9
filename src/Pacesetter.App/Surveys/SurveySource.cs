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
/// no unit has a datum. A <c>manual</c> indicator takes the score scaled to its weight (<see cref="Scale"/>).
/// </summary>
public sealed class SurveySource : ISystemDatumSource
{
    public string Writer => "system:surveys";

    public bool Handles(string source) => DataSources.IsSurvey(source);

    public async Task<IReadOnlyDictionary<string, JsonNode?>> ValuesAsync(PacesetterDb db, int org, string period, string source, IReadOnlyList<string> units, CancellationToken ct)
    {
        var code = DataSources.SurveyOf(source);
        var row = code is null ? null : await db.Surveys.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == org && s.Code == code, ct);
        if (row is null || row.State != SurveyState.Closed || row.Period != period) return units.ToDictionary(u => u, _ => (JsonNode?)null, StringComparer.Ordinal);
        var result = await new SurveyService(db).ResultAsync(row, ct);
        var scores = result.Units.ToDictionary(u => u.Unit, u => u.Score, StringComparer.Ordinal);
        return units.ToDictionary(u => u, u => scores.GetValueOrDefault(u) is { } s ? (JsonNode?)new JsonObject { ["value"] = Numbers.Normalize(s) } : null, StringComparer.Ordinal);
    }

    /// <summary>A score (0–100) as a <c>manual</c> indicator of weight <paramref name="weight"/> takes it: score × weight / 100, rounded to 2 decimals.</summary>
    public static IReadOnlyDictionary<string, JsonNode?> Scale(IReadOnlyDictionary<string, JsonNode?> values, decimal weight) =>
        values.ToDictionary(v => v.Key, v => v.Value is JsonObject o && o["value"] is JsonValue x && x.TryGetValue<decimal>(out var score)
            ? (JsonNode?)new JsonObject { ["value"] = Numbers.Normalize(Numbers.Round2(Numbers.MulDiv(score, weight, 100m))) }
            : null, StringComparer.Ordinal);
}
