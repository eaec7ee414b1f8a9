using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.DataEntry;

/// <summary>The workflow of a reported datum: draft → submitted → approved, or returned with a reason.</summary>
public enum DatumState
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    Returned = 3,
}

/// <summary>
/// One unit's datum for one indicator in one period (unit × indicator × period), edited one by one by many people.
/// The value is the datum's JSON as in the scheme file (a number, an object, a grade, a list of events …).
/// </summary>
public sealed class DatumEntry
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Period { get; set; }
    public required string UnitCode { get; set; }
    public required string IndicatorId { get; set; }
    /// <summary>The datum JSON, or null when cleared.</summary>
    public string? Value { get; set; }
    public DatumState State { get; set; }
    public string? ReturnReason { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency: a save names the version it edited.</summary>
    public int Version { get; set; }
}

/// <summary>佐证材料 an evidence file attached to a datum, stored with its checksum.</summary>
public sealed class Evidence
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public long DatumEntryId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>SHA-256 of the content, hex.</summary>
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

internal sealed class DatumEntryConfiguration : IEntityTypeConfiguration<DatumEntry>
{
    public void Configure(EntityTypeBuilder<DatumEntry> b)
    {
        b.ToTable("datum_entries");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.UnitCode).HasMaxLength(InputLimits.Code);
        b.Property(x => x.IndicatorId).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Value).HasMaxLength(DatumText.MaxLength);
        b.Property(x => x.ReturnReason).HasMaxLength(InputLimits.Reason);
        b.Property(x => x.UpdatedBy).HasMaxLength(InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Period, x.UnitCode, x.IndicatorId }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> b)
    {
        b.ToTable("evidence");
        b.Property(x => x.FileName).HasMaxLength(InputLimits.FileName);
        b.Property(x => x.ContentType).HasMaxLength(InputLimits.ContentType);
        b.Property(x => x.Sha256).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.UploadedBy).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.OrganizationId, x.DatumEntryId });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<DatumEntry>().WithMany().HasForeignKey(x => x.DatumEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}
