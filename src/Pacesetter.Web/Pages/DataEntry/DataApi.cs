using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.DataEntry;

/// <summary>A datum as the API shows it; <c>value</c> is the datum JSON of the scheme file.</summary>
public sealed record DatumDto(string Unit, string Indicator, JsonNode? Value, string State, string? ReturnReason, int Version, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    public static DatumDto From(DatumEntry r) =>
        new(r.UnitCode, r.IndicatorId, r.Value is null ? null : JsonNode.Parse(r.Value), DataEntryService.StateName(r.State), r.ReturnReason, r.Version, r.UpdatedBy, r.UpdatedAt);
}

/// <summary>A save: the datum JSON (null clears it), the version it edits (0 for a new datum), and whether to submit it.</summary>
public sealed record DatumPut(JsonElement? Value, int Version, bool Submit);

/// <summary>A review: approve, or return with a reason; the version reviewed.</summary>
public sealed record DatumReview(bool Approve, string? Reason, int? Version);

/// <summary>A withdrawal (撤回) of a submitted datum: the version withdrawn.</summary>
public sealed record DatumWithdraw(int Version);

/// <summary>数据填报 API: read the data the token's user may read, save and submit data, review them (ADR 0004).</summary>
public static class DataApi
{
    public static IEndpointRouteBuilder MapDataApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/orgs/{org}/periods/{period}/data").WithTags("Data").RequireAuthorization();
        group.MapGet("", List).WithName("ListData").WithSummary("The period's data the caller may read, optionally for one unit and/or indicator.");
        group.MapPut("{unit}/{indicator}", Put).WithName("PutDatum").WithSummary("Saves (and optionally submits) one datum; 409 when the version is not the current one.");
        group.MapPost("{unit}/{indicator}/withdraw", Withdraw).WithName("WithdrawDatum").WithSummary("Withdraws (撤回) one submitted datum, not yet reviewed, back to a draft; 409 when it is not submitted or the version is not the current one.");
        group.MapPost("{unit}/{indicator}/review", Review).WithName("ReviewDatum").WithSummary("Approves or returns (with a reason) one submitted datum; admins only.");
        return app;
    }

    private static async Task<Results<Ok<List<DatumDto>>, NotFound>> List(string org, string period, string? unit, string? indicator, HttpContext http, DataEntryService entry, IStringLocalizer<DataEntryText> t)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return TypedResults.NotFound();
        var rows = await entry.ReadableRowsAsync(actor, period, unit is { Length: > 0 } ? unit : null, indicator is { Length: > 0 } ? indicator : null, http.RequestAborted);
        return TypedResults.Ok(rows.Select(DatumDto.From).ToList());
    }

    private static async Task<IResult> Put(string org, string period, string unit, string indicator, [FromBody] DatumPut body, HttpContext http, DataEntryService entry, IStringLocalizer<DataEntryText> t)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return TypedResults.NotFound();
        var outcome = await entry.SaveJsonAsync(actor, period, unit, indicator, body.Value, body.Version, body.Submit, http.RequestAborted);
        return outcome.Ok ? TypedResults.Ok(DatumDto.From(outcome.Row!)) : outcome.ToHttpResult(unit, indicator, t);
    }

    private static async Task<IResult> Withdraw(string org, string period, string unit, string indicator, [FromBody] DatumWithdraw body, HttpContext http, DataEntryService entry, IStringLocalizer<DataEntryText> t)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return TypedResults.NotFound();
        var view = await entry.PeriodAsync(actor.OrganizationId, period, http.RequestAborted);
        var outcome = await entry.WithdrawAsync(actor, view, unit, indicator, body.Version, http.RequestAborted);
        return outcome.Ok ? TypedResults.Ok(DatumDto.From(outcome.Row!)) : outcome.ToHttpResult(unit, indicator, t);
    }

    private static async Task<IResult> Review(string org, string period, string unit, string indicator, [FromBody] DatumReview body, HttpContext http, DataEntryService entry, IStringLocalizer<DataEntryText> t)
    {
        var actor = await http.GetActorInAsync(org);
        if (actor is null) return TypedResults.NotFound();
        var outcome = await entry.ReviewAsync(actor, period, unit, indicator, body.Approve, body.Reason, body.Version, http.RequestAborted);
        return outcome.Ok ? TypedResults.Ok(DatumDto.From(outcome.Row!)) : outcome.ToHttpResult(unit, indicator, t);
    }
}
