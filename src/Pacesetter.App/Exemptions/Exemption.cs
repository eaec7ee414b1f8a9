using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Exemptions;

/// <summary>Where an application stands: applied, or decided one of three ways.</summary>
public enum ExemptionState
{
    Pending,
    Granted,
    Partial,
    Refused,
}

/// <summary>
/// 容错免责申请 an application to exempt a unit from a deduction, one event, a veto or a blockTop of a period (issue #11
/// §2): what is applied for (<see cref="Ref"/> as in scoring.md §6), why, by whom, and the office's decision. A granted
/// or partial decision became the scheme version <see cref="SchemeVersion"/> with the adjustment
/// <see cref="AdjustmentId"/>; a refusal changed nothing.
/// </summary>
public sealed class Exemption
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Period { get; set; }
    public required string Unit { get; set; }
    /// <summary>An adjustment id, a penalty indicator id, or <c>indicatorId/eventId</c> (scoring.md §6).</summary>
    public required string Ref { get; set; }
    public required string Reason { get; set; }
    public required string AppliedBy { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
    public ExemptionState State { get; set; }
    /// <summary>What remains of the deduction: 0 granted, between 0 and 1 partial; null while pending or refused.</summary>
    public decimal? Factor { get; set; }
    /// <summary>The decision's document number, e.g. 容错〔2026〕3号.</summary>
    public string? Document { get; set; }
    public string? DecisionReason { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public int? SchemeVersion { get; set; }
    public string? AdjustmentId { get; set; }
    public int Version { get; set; }
}

/// <summary>佐证材料 a file attached to an application (type detected from the content, as data evidence; ADR 0004).</summary>
public sealed class ExemptionEvidence
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public int ExemptionId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>SHA-256 of the content, hex.</summary>
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

internal sealed class ExemptionEvidenceConfiguration : IEntityTypeConfiguration<ExemptionEvidence>
{
    public void Configure(EntityTypeBuilder<ExemptionEvidence> b)
    {
        b.ToTable("exemption_evidence");
        b.Property(x => x.FileName).HasMaxLength(InputLimits.FileName);
        b.Property(x => x.ContentType).HasMaxLength(InputLimits.ContentType);
        b.Property(x => x.Sha256).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.UploadedBy).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.OrganizationId, x.ExemptionId });
        b.HasOne<Exemption>().WithMany().HasForeignKey(x => x.ExemptionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExemptionConfiguration : IEntityTypeConfiguration<Exemption>
{
    public void Configure(EntityTypeBuilder<Exemption> b)
    {
        b.ToTable("exemptions");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.Unit).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Ref).HasMaxLength(ExemptionService.MaxRef);
        b.Property(x => x.Reason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.AppliedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        // numeric(9,4) on PostgreSQL reads 0.5 back as 0.5000: the factor is read without trailing zeros on both databases,
        // so that the API says "factor": 0.5 whichever database stored it.
        b.Property(x => x.Factor).HasPrecision(9, 4)
            .HasConversion(v => v, v => v.HasValue ? v.Value / 1.000000000000000000000000000000000m : null);
        b.Property(x => x.Document).HasMaxLength(ExemptionService.MaxDocument);
        b.Property(x => x.DecisionReason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.DecidedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.AdjustmentId).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.Unit });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
