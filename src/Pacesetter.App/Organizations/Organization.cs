using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Organizations;

/// <summary>组织 an organization (district, zone) running its own assessments; every other row belongs to one.</summary>
public sealed class Organization
{
    public int Id { get; set; }
    /// <summary>The short name in URLs, e.g. <c>demo</c>.</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>公开张榜 whether published results are posted on the public pages (/public/{org}), without signing in.</summary>
    public bool PublicPosting { get; set; }
    /// <summary>公示期 the notice period of a publication, in working days (default 5).</summary>
    public int NoticeWorkingDays { get; set; } = 5;
}

/// <summary>考核类别 a category of units at the organization level; a period's scheme copies it.</summary>
public sealed class UnitCategory
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public int Version { get; set; }
}

/// <summary>被考核单位 an assessed unit. Retired units keep their history.</summary>
public sealed class Unit
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    /// <summary>The id used in scheme files, e.g. <c>T1</c>.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int? CategoryId { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public int Version { get; set; }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.Property(x => x.Slug).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.NoticeWorkingDays).HasDefaultValue(5);
    }
}

internal sealed class UnitCategoryConfiguration : IEntityTypeConfiguration<UnitCategory>
{
    public void Configure(EntityTypeBuilder<UnitCategory> b)
    {
        b.ToTable("unit_categories");
        b.Property(x => x.Code).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Code }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.ToTable("units");
        b.Property(x => x.Code).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OrganizationId, x.Code }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<UnitCategory>().WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
