using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OutputCaching;
using Pacesetter.App.Publication;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Pages.Public;

/// <summary>
/// 张榜公示 the public posting's services and its CSV (the pages are <c>Posting</c> and <c>Periods</c> beside this):
/// anonymous, read only, the latest published revision of an organization that posts publicly, 404 otherwise.
/// </summary>
public static class PublicPostingApi
{
    /// <summary>The public posting's services: its reads and the output cache keyed by revision (<see cref="PublicCache"/>).</summary>
    public static IServiceCollection AddPublicPosting(this IServiceCollection services)
    {
        services.AddScoped<PublicPostings>();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<RecentReads>((o, recent) => o.AddPolicy(PublicCache.PolicyName, new PublicCache(recent)));
        return services;
    }

    public static RouteGroupBuilder MapPublicPosting(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/public/{org}")
            .AllowAnonymous()
            .WithTags("Public");
        group.MapGet("/{period}.csv", GetCsv)
            .WithName("GetPublicPostingCsv")
            .WithSummary("张榜公示 the latest published revision of the period as CSV (UTF-8 with BOM, Chinese headers). Anonymous; 404 unless the organization posts publicly and the period is published.")
            .CacheOutput(PublicCache.PolicyName)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, NotFound>> GetCsv(string org, string period, HttpContext http, PublicPostings postings, CancellationToken ct)
    {
        if (await postings.PostingAsync(org, period, ct) is not { } posting) return TypedResults.NotFound();
        var revision = posting.Race.Revision.Number;
        if (PublicCache.NotModified(http, $"r{revision}-csv", varyByLanguage: false)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var csv = PostingTable.Csv(PostingTable.Of(posting.Race));
        return TypedResults.File(csv, "text/csv; charset=utf-8", $"{org}-{period}-r{revision}.csv");
    }
}
