using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Accounts;

/// <summary>A person who signs in. A user belongs to one organization; platform admins also create organizations.</summary>
public sealed class AppUser : IdentityUser
{
    public int OrganizationId { get; set; }
    public string DisplayName { get; set; } = "";
    public bool IsPlatformAdmin { get; set; }
}

/// <summary>The roles of a user within its organization.</summary>
public enum OrgRole
{
    /// <summary>考核办 organization admin: everything in the organization.</summary>
    Admin = 1,
    /// <summary>牵头部门 assessor of named indicators (谁推进、谁考核).</summary>
    Assessor = 2,
    /// <summary>填报员 reporter of one unit.</summary>
    Reporter = 3,
    /// <summary>领导 reads everything in the organization.</summary>
    Leader = 4,
}

/// <summary>One role of a user in its organization, with its scope (a unit for a reporter, indicators for an assessor).</summary>
public sealed class Membership
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string UserId { get; set; }
    public OrgRole Role { get; set; }
    /// <summary>The unit a reporter reports for.</summary>
    public string? UnitCode { get; set; }
    /// <summary>The indicator ids an assessor scores, comma-separated.</summary>
    public string? Indicators { get; set; }

    public IReadOnlyList<string> IndicatorList() =>
        (Indicators ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>An API bearer token. Only its SHA-256 is stored; the token is shown once, when created.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    /// <summary>The first characters of the token, to tell tokens apart in the UI.</summary>
    public required string Prefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(InputLimits.Name);
        // A user name is unique within its organization, not across them (ADR 0052): Identity's index over all users goes.
        b.Metadata.RemoveIndex(b.Metadata.GetIndexes().Single(i => i.GetDatabaseName() == "UserNameIndex"));
        b.HasIndex(x => new { x.OrganizationId, x.NormalizedUserName }).IsUnique();
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("memberships");
        b.Property(x => x.UnitCode).HasMaxLength(InputLimits.Code);
        b.Property(x => x.Indicators).HasMaxLength(InputLimits.Indicators);
        b.HasIndex(x => new { x.OrganizationId, x.UserId });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.Property(x => x.Name).HasMaxLength(InputLimits.Name);
        b.Property(x => x.TokenHash).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.Prefix).HasMaxLength(InputLimits.TokenPrefix);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.UserId });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
