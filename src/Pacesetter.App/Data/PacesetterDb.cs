using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;

namespace Pacesetter.App.Data;

/// <summary>The application's database: SQLite by default, PostgreSQL for large deployments (<see cref="DatabaseOptions"/>).</summary>
public sealed class PacesetterDb(DbContextOptions<PacesetterDb> options) : IdentityUserContext<AppUser>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<UnitCategory> UnitCategories => Set<UnitCategory>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<SchemeVersion> SchemeVersions => Set<SchemeVersion>();
    public DbSet<PeriodSettings> PeriodSettings => Set<PeriodSettings>();
    public DbSet<DatumEntry> DatumEntries => Set<DatumEntry>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new OrganizationConfiguration());
        builder.ApplyConfiguration(new UnitCategoryConfiguration());
        builder.ApplyConfiguration(new UnitConfiguration());
        builder.ApplyConfiguration(new AppUserConfiguration());
        builder.ApplyConfiguration(new MembershipConfiguration());
        builder.ApplyConfiguration(new ApiTokenConfiguration());
        builder.ApplyConfiguration(new SchemeVersionConfiguration(IsPostgres));
        builder.ApplyConfiguration(new PeriodSettingsConfiguration());
        builder.ApplyConfiguration(new DatumEntryConfiguration());
        builder.ApplyConfiguration(new EvidenceConfiguration());
        builder.ApplyConfiguration(new AuditEntryConfiguration());
        builder.ApplyConfiguration(new DataProtectionKeyConfiguration());
        if (!IsPostgres)
        {
            // SQLite has no native DateTimeOffset ordering: store it as ticks-sortable text via EF's default converter,
            // and keep binary content as BLOB (the defaults); nothing else differs.
        }
    }

    /// <summary>Serializes the writers of one organization's audit chain: an advisory lock on PostgreSQL; SQLite serializes writes itself.</summary>
    public async Task LockOrganizationAsync(int organizationId, CancellationToken ct = default)
    {
        if (IsPostgres && Database.CurrentTransaction is not null)
        {
            await Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0})", [organizationId], ct);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: the change and its audit rows are saved together, or not at all.</summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct = default)
    {
        if (Database.CurrentTransaction is not null) return await work();
        await using var tx = await Database.BeginTransactionAsync(ct);
        var result = await work();
        await tx.CommitAsync(ct);
        return result;
    }
}
