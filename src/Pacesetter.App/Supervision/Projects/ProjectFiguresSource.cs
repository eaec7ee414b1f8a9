using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Supervision.Race;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Supervision.Projects;

/// <summary><c>source: "projects.*"</c> (ADR 0031): a unit's datum is the figure of its major projects for the period (a number; no datum for a rate with an empty denominator).</summary>
public sealed class ProjectFiguresSource : ISystemDatumSource
{
    public string Writer => "system:projects";

    public bool Handles(string source) => DataSources.IsProjects(source);

    public async Task<IReadOnlyDictionary<string, JsonNode?>> ValuesAsync(PacesetterDb db, int org, string period, SystemData.Sourced indicator, CancellationToken ct)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (ProjectFigures.Span(period) is not { } span) return values;
        var facts = await FactsAsync(db, org, ct);
        var (_, byUnit) = ProjectFigures.ByUnit(facts, indicator.Units, span.Start, span.End);
        foreach (var (unit, figures) in byUnit) values[unit] = figures.Figure(indicator.Source) is { } x ? JsonValue.Create(x) : null;
        return values;
    }

    /// <summary>The facts of every project of the organization, by code.</summary>
    public static async Task<List<ProjectFacts>> FactsAsync(PacesetterDb db, int org, CancellationToken ct)
    {
        var projects = await db.Projects.AsNoTracking().Where(p => p.OrganizationId == org).ToListAsync(ct);
        var stages = (await db.ProjectStages.AsNoTracking().Where(s => s.OrganizationId == org).ToListAsync(ct)).ToLookup(s => s.ProjectId);
        return [.. projects.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => ProjectFacts.Of(p, stages[p.Id]))];
    }
}
