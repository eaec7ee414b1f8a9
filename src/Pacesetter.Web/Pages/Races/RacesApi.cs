using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Publication;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Pages.Schemes;

namespace Pacesetter.Web.Pages.Races;

/// <summary>
/// The race API (ADR 0021), read from the published revisions only: a period's leaderboards with rank changes, the
/// biggest risers and the interview list (<c>GET …/periods/{period}/board</c>), and the red flag's history of a year
/// (<c>GET …/flags?year=</c>). No token → 401; another organization → 404; admins and leaders read, others 403.
/// </summary>
public static class RacesApi
{
    public static IEndpointRouteBuilder MapRacesApi(this IEndpointRouteBuilder app)
    {
        var period = app.MapGroup("/api/orgs/{org}/periods/{period}")
            .RequireAuthorization()
            .WithTags("Races")
            .AddEndpointFilter(SchemesApi.InOrganizationAndPeriod)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        period.MapGet("/board", GetBoard)
            .WithName("GetBoard")
            .WithSummary("The published period's leaderboards (its latest revision): per category the rows by rank with the rank change against the previous period of the same kind, the flag, 进位最快 the three biggest risers and 约谈 the units yellow ?streak= (2–12, default 2) periods in a row; ?category= one category. Admins and leaders.")
            .Produces<BoardDto>();

        var org = app.MapGroup("/api/orgs/{org}")
            .RequireAuthorization()
            .WithTags("Races")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        org.MapGet("/flags", GetFlags)
            .WithName("GetFlags")
            .WithSummary("流动红旗 history of ?year= (default: this year in China): per category the holder of each published month and quarter (and half-year and year when published), and how many periods each unit held it. Admins and leaders.")
            .Produces<FlagsDto>();
        return app;
    }

    public static async Task<Results<Ok<BoardDto>, ProblemHttpResult, ValidationProblem>> GetBoard(
        string period, string? category, string? streak, HttpContext http, RaceHistory history, IStringLocalizer<RacesText> text, IStringLocalizer<SchemesText> schemes, CancellationToken ct)
    {
        var actor = (await http.GetActorAsync())!;
        if (!actor.ReadsAll) return SchemesApi.Forbidden(schemes);
        int k = RaceHistory.DefaultStreak;
        if (streak is not null && (!int.TryParse(streak, NumberStyles.None, CultureInfo.InvariantCulture, out k) || k is < RaceHistory.MinStreak or > RaceHistory.MaxStreak))
        {
            return Invalid(text, "streak", text["Api.BadStreak", streak]);
        }
        var board = await history.BoardAsync(actor.OrganizationId, period, k, string.IsNullOrEmpty(category) ? null : category, ct);
        if (board is null) return Outcomes.Problem(StatusCodes.Status404NotFound, text["Api.NotPublished", period], text["Api.NotPublished.Detail"]);
        if (!string.IsNullOrEmpty(category) && board.Categories.Count == 0) return Invalid(text, "category", text["Api.BadCategory", category]);
        return TypedResults.Ok(BoardDto.Of(board));
    }

    public static async Task<Results<Ok<FlagsDto>, ProblemHttpResult, ValidationProblem>> GetFlags(
        string org, string? year, HttpContext http, RaceHistory history, TimeProvider clock, IStringLocalizer<RacesText> text, IStringLocalizer<SchemesText> schemes, CancellationToken ct)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return Outcomes.Problem(StatusCodes.Status404NotFound, schemes["Api.OrgNotFound"], schemes["Api.OrgNotFound.Detail", org]);
        if (!actor.ReadsAll) return SchemesApi.Forbidden(schemes);
        int y = Localization.ChinaTime.Of(clock.GetUtcNow()).Year;
        if (year is not null && (year.Length != 4 || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out y) || y is < FlagsYear.Min or > FlagsYear.Max))
        {
            return Invalid(text, "year", text["Api.BadYear", year]);
        }
        return TypedResults.Ok(FlagsDto.Of(await history.FlagsAsync(actor.OrganizationId, y, ct)));
    }

    private static ValidationProblem Invalid(IStringLocalizer<RacesText> text, string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: text["Api.BadRequest"]);
}

/// <summary>The board as the API gives it (docs/results.md, "排行榜与流动红旗").</summary>
public sealed record BoardDto(string Period, string Name, RevisionDto Revision, string? PreviousPeriod, int Streak, IReadOnlyList<BoardCategoryDto> Categories)
{
    public static BoardDto Of(RaceBoard board)
    {
        var race = board.Race;
        var h = race.Revision;
        return new BoardDto(h.Period, race.Scheme.Name, new RevisionDto(h.Number, h.CreatedAt, h.NoticeEndsAt, h.Incomplete), board.PreviousPeriod, board.Streak,
            board.Categories.Select(c => new BoardCategoryDto(
                c.Id, c.Name,
                new FlagDto(c.Flag.Holder, c.Flag.Holder is { } holder ? race.Scheme.UnitName(holder) : null, c.Flag.Previous, c.Flag.Previous is { } p ? race.Scheme.UnitName(p) : null, c.Flag.Moved),
                c.Rows.Select(Row).ToList(),
                c.Risers.Select(r => new RiserDto(r.Row.Unit, r.Name, r.Row.Rank, r.Row.Change!.PreviousRank!.Value, r.Move!.Value)).ToList(),
                c.Yellow.Select(y => new YellowDto(y.Row.Row.Unit, y.Row.Name, y.Row.Row.Rank, y.Periods, y.Since)).ToList())).ToList());
    }

    private static BoardRowDto Row(BoardRow row)
    {
        var r = row.Row;
        return new BoardRowDto(r.Unit, row.Name, r.Rank, r.Composite, r.Base, r.Bonus, r.Penalty, r.Grade, r.Label, r.Vetoed, r.BlockTop, row.Flag,
            r.Change?.PreviousRank, r.Change?.PreviousComposite, row.Move);
    }
}

/// <summary>The revision a board or history was read from.</summary>
public sealed record RevisionDto(int Number, DateTimeOffset CreatedAt, DateTimeOffset NoticeEndsAt, bool Incomplete);

public sealed record BoardCategoryDto(string Id, string Name, FlagDto Flag, IReadOnlyList<BoardRowDto> Rows, IReadOnlyList<RiserDto> Risers, IReadOnlyList<YellowDto> YellowStreak);

public sealed record FlagDto(string? Holder, string? HolderName, string? Previous, string? PreviousName, bool Moved);

/// <summary>A unit's row; <c>change</c> is places gained since the previous period of the kind (negative: lost), null when it had no rank then.</summary>
public sealed record BoardRowDto(string Unit, string Name, int Rank, decimal Composite, decimal Base, decimal Bonus, decimal Penalty, string? Grade, string? Label,
    bool Vetoed, bool BlockTop, bool Flag, int? PreviousRank, decimal? PreviousComposite, int? Change);

public sealed record RiserDto(string Unit, string Name, int Rank, int PreviousRank, int Change);

public sealed record YellowDto(string Unit, string Name, int Rank, int Periods, string Since);

/// <summary>The red flag's history of a year (docs/results.md).</summary>
public sealed record FlagsDto(int Year, IReadOnlyList<FlagCategoryDto> Categories)
{
    public static FlagsDto Of(FlagHistory history) => new(history.Year, history.Categories.Select(c => new FlagCategoryDto(
        c.Id, c.Name,
        c.Kinds.ToDictionary(k => k.Key, k => (IReadOnlyList<FlagPeriodDto>)k.Value.Select(p => new FlagPeriodDto(p.Period, p.Revision, p.Holder, p.HolderName)).ToList()),
        c.Counts.ToDictionary(x => x.Unit, x => x.Periods),
        c.Counts.Select(x => new FlagHolderDto(x.Unit, x.Name, x.Periods, x.ByKind)).ToList())).ToList());
}

/// <summary>A category's flag history: per kind the periods, <c>counts</c> unit → periods held (most first), <c>holders</c> the same with names and per kind.</summary>
public sealed record FlagCategoryDto(string Id, string Name, IReadOnlyDictionary<string, IReadOnlyList<FlagPeriodDto>> Kinds, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<FlagHolderDto> Holders);

public sealed record FlagPeriodDto(string Period, int Revision, string? Holder, string? HolderName);

public sealed record FlagHolderDto(string Unit, string Name, int Periods, IReadOnlyDictionary<string, int> Kinds);
