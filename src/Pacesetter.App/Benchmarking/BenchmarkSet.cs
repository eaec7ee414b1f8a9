using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;

namespace Pacesetter.App.Benchmarking;

/// <summary>
/// 对标数据 an organization's benchmarking data: one document per organization, the scoring.md §10 file without
/// <c>year</c> (the indicators, the organization's own values and the benchmark regions' values by year), as compact
/// JSON; saved against its version (ADR 0038).
/// </summary>
public sealed class BenchmarkSet
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Document { get; set; }
    public int Version { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class BenchmarkSetConfiguration : IEntityTypeConfiguration<BenchmarkSet>
{
    public void Configure(EntityTypeBuilder<BenchmarkSet> b)
    {
        b.ToTable("benchmark_sets");
        b.Property(x => x.UpdatedBy).HasMaxLength(Writes.InputLimits.UserName);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.OrganizationId).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
