using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Surveys;

/// <summary>Whether a survey takes ballots (open) or has fed its indicator (closed).</summary>
public enum SurveyState
{
    Open,
    Closed,
}

/// <summary>
/// 测评 a rating survey of an organization (issue #12, surveys.md): its id (<see cref="Code"/>), period and name, the
/// survey object of §1 as last saved (<see cref="Document"/>, written by <c>SurveyFileJson</c>), and whether it is
/// closed. Once a ballot is stored, its units, options and groups keep their ids and order (the ballots are coded by
/// position).
/// </summary>
public sealed class StoredSurvey
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Code { get; set; }
    public required string Period { get; set; }
    public required string Name { get; set; }
    public required string Document { get; set; }
    public SurveyState State { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// 一次性链接 a one-time link of a survey for a group (and, in a group that excludes self-rating, its rater's unit). Only
/// the SHA-256 of its token is kept, and of its use only that it was used: not when, not which ballot (issue #12 §5).
/// </summary>
public sealed class SurveyLink
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public int SurveyId { get; set; }
    public required string TokenHash { get; set; }
    public required string Group { get; set; }
    public string? Rater { get; set; }
    public bool Used { get; set; }
}

/// <summary>
/// 选票 a ballot, anonymous (issue #12 §5): its group, its rater's unit only where the group excludes self-rating, its
/// ratings and the day (Beijing) it was cast — no link, no user, no address, no time of day; its key is random, so
/// that the order of keys is not the order of casting. <see cref="Codes"/> holds one character per survey unit
/// (<see cref="SurveyCodes"/>); <see cref="Extra"/> the ratings of a paper ballot that the codes cannot hold (a unit
/// not on the survey, an unknown option) as written, so that its export says what was on the paper.
/// </summary>
public sealed class SurveyBallot
{
    public Guid Id { get; set; }
    public int OrganizationId { get; set; }
    public int SurveyId { get; set; }
    public required string Group { get; set; }
    public string? Rater { get; set; }
    public required string Codes { get; set; }
    public string? Extra { get; set; }
    public DateOnly CastOn { get; set; }
}

internal sealed class StoredSurveyConfiguration : IEntityTypeConfiguration<StoredSurvey>
{
    public void Configure(EntityTypeBuilder<StoredSurvey> b)
    {
        b.ToTable("surveys");
        b.Property(x => x.Code).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ClosedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.UpdatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Code }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveyLinkConfiguration : IEntityTypeConfiguration<SurveyLink>
{
    public void Configure(EntityTypeBuilder<SurveyLink> b)
    {
        b.ToTable("survey_links");
        b.Property(x => x.TokenHash).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.Group).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Rater).HasMaxLength(InputLimits.Code);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.SurveyId });
        b.HasOne<StoredSurvey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveyBallotConfiguration : IEntityTypeConfiguration<SurveyBallot>
{
    public void Configure(EntityTypeBuilder<SurveyBallot> b)
    {
        b.ToTable("survey_ballots");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Group).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Rater).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Codes).HasMaxLength(Scoring.Surveys.SurveyReader.MaxUnits);
        b.HasIndex(x => new { x.OrganizationId, x.SurveyId });
        b.HasOne<StoredSurvey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
