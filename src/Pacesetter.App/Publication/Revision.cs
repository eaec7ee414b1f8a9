using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Publication;

/// <summary>
/// 发布修订 one published revision of a period's results (DESIGN.md 2): the exact scheme file that was scored (with data,
/// adjustments and previous flags) and the results it produced, both kept gzip-compressed, never changed afterwards. A
/// correction publishes revision N+1 with the list of what changed against N.
/// </summary>
public sealed class Revision
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Period { get; set; }
    /// <summary>1, 2, … per period.</summary>
    public int Number { get; set; }
    /// <summary>gzip of the scheme file scored (UTF-8 JSON): <c>pacesetter score</c> on it gives <see cref="Results"/>.</summary>
    public required byte[] Input { get; set; }
    /// <summary>gzip of the results JSON: scoring.md §8 plus <c>"revision": N</c> and each unit's <c>"change"</c>.</summary>
    public required byte[] Results { get; set; }
    /// <summary>JSON array of <see cref="RevisionChange"/> against revision N−1; null for revision 1.</summary>
    public string? Changes { get; set; }
    /// <summary>Published with data missing or unapproved, left to the indicators' missing-data policies (<see cref="Missing"/>).</summary>
    public bool Incomplete { get; set; }
    /// <summary>JSON array of <c>{"unit","indicator"}</c> that were missing or unapproved at publication.</summary>
    public string? Missing { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Reason { get; set; }
    /// <summary>公示期 the end of the notice period, during which units may object.</summary>
    public DateTimeOffset NoticeEndsAt { get; set; }
}

/// <summary>
/// 更正 a correction opened on a published period: while it is open (<see cref="ClosedByRevision"/> null) the period's
/// scheme and data may be written again; the next publication closes it.
/// </summary>
public sealed class Correction
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Period { get; set; }
    /// <summary>The revision being corrected.</summary>
    public int AfterRevision { get; set; }
    public required string Reason { get; set; }
    public required string OpenedBy { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public int? ClosedByRevision { get; set; }
    /// <summary>The objection whose acceptance opened it, if any.</summary>
    public long? ObjectionId { get; set; }
}

public enum ObjectionState
{
    Open,
    Accepted,
    Rejected,
}

/// <summary>异议 an objection a unit files against its own published result during the notice period.</summary>
public sealed class Objection
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Period { get; set; }
    public int Revision { get; set; }
    public required string UnitCode { get; set; }
    public required string Reason { get; set; }
    public required string FiledBy { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public string? EvidenceName { get; set; }
    public string? EvidenceType { get; set; }
    public byte[]? Evidence { get; set; }
    public ObjectionState State { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public int Version { get; set; }
}

/// <summary>大屏链接 a signed, revocable link that shows the kiosk view without signing in.</summary>
public sealed class KioskLink
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }
    /// <summary>SHA-256 hex of the token (the token itself is shown once).</summary>
    public required string TokenHash { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> b)
    {
        b.ToTable("revisions");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.CreatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        // One revision number per period: two publications at once cannot both store revision N.
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.Number }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CorrectionConfiguration : IEntityTypeConfiguration<Correction>
{
    public void Configure(EntityTypeBuilder<Correction> b)
    {
        b.ToTable("corrections");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.OpenedBy).HasMaxLength(InputLimits.UserName);
        // At most one correction per revision: opening twice at once is a conflict.
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.AfterRevision }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ObjectionConfiguration : IEntityTypeConfiguration<Objection>
{
    public void Configure(EntityTypeBuilder<Objection> b)
    {
        b.ToTable("objections");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.UnitCode).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.FiledBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.EvidenceName).HasMaxLength(InputLimits.FileName);
        b.Property(x => x.EvidenceType).HasMaxLength(InputLimits.ContentType);
        b.Property(x => x.Answer).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.AnsweredBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.UnitCode });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class KioskLinkConfiguration : IEntityTypeConfiguration<KioskLink>
{
    public void Configure(EntityTypeBuilder<KioskLink> b)
    {
        b.ToTable("kiosk_links");
        b.Property(x => x.Name).HasMaxLength(InputLimits.Code);
        b.Property(x => x.TokenHash).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.CreatedBy).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
