using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Supervision.Model;

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
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<Correction> Corrections => Set<Correction>();
    public DbSet<Objection> Objections => Set<Objection>();
    public DbSet<KioskLink> KioskLinks => Set<KioskLink>();
    // Supervision (督查督办, issue #10)
    public DbSet<Matter> Matters => Set<Matter>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<MatterStep> MatterSteps => Set<MatterStep>();
    public DbSet<MatterReport> MatterReports => Set<MatterReport>();
    public DbSet<ReportEvidence> ReportEvidence => Set<ReportEvidence>();
    public DbSet<Instruction> Instructions => Set<Instruction>();
    public DbSet<Reminder> Reminders => Set<Reminder>();
    public DbSet<ReminderRead> ReminderReads => Set<ReminderRead>();
    public DbSet<CardSettings> CardSettings => Set<CardSettings>();
    public DbSet<Benchmarking.BenchmarkSet> BenchmarkSets => Set<Benchmarking.BenchmarkSet>();
    public DbSet<global::Pacesetter.App.Exemptions.Exemption> Exemptions => Set<global::Pacesetter.App.Exemptions.Exemption>();
    public DbSet<global::Pacesetter.App.Exemptions.ExemptionEvidence> ExemptionEvidence => Set<global::Pacesetter.App.Exemptions.ExemptionEvidence>();
    public DbSet<global::Pacesetter.App.DataImport.DataImportFile> DataImportFiles => Set<global::Pacesetter.App.DataImport.DataImportFile>();
    public DbSet<global::Pacesetter.App.Surveys.StoredSurvey> Surveys => Set<global::Pacesetter.App.Surveys.StoredSurvey>();
    public DbSet<global::Pacesetter.App.Surveys.SurveyLink> SurveyLinks => Set<global::Pacesetter.App.Surveys.SurveyLink>();
    public DbSet<global::Pacesetter.App.Surveys.SurveyBallot> SurveyBallots => Set<global::Pacesetter.App.Surveys.SurveyBallot>();
    public DbSet<IssuedCard> IssuedCards => Set<IssuedCard>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectStageChange> ProjectStages => Set<ProjectStageChange>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Bulletin> Bulletins => Set<Bulletin>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The settings the context was built with (<see cref="DatabaseOptions.Configure"/>): its audit trail, its owner role.</summary>
    public DatabaseOptions Settings => options.FindExtension<DatabaseOptionsExtension>()?.Options
        ?? throw new InvalidOperationException("PacesetterDb is built through DatabaseOptions (Configure or Build), which carries the audit trail");

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
        builder.ApplyConfiguration(new Accounts.SignInFailureConfiguration());
        builder.ApplyConfiguration(new RevisionConfiguration());
        builder.ApplyConfiguration(new CorrectionConfiguration());
        builder.ApplyConfiguration(new ObjectionConfiguration());
        builder.ApplyConfiguration(new KioskLinkConfiguration());
        builder.ApplyConfiguration(new MatterConfiguration());
        builder.ApplyConfiguration(new MilestoneConfiguration());
        builder.ApplyConfiguration(new MatterStepConfiguration());
        builder.ApplyConfiguration(new MatterReportConfiguration(IsPostgres));
        builder.ApplyConfiguration(new ReportEvidenceConfiguration());
        builder.ApplyConfiguration(new InstructionConfiguration());
        builder.ApplyConfiguration(new ReminderConfiguration());
        builder.ApplyConfiguration(new ReminderReadConfiguration());
        builder.ApplyConfiguration(new CardSettingsConfiguration(IsPostgres));
        builder.ApplyConfiguration(new Benchmarking.BenchmarkSetConfiguration());
        builder.ApplyConfiguration(new global::Pacesetter.App.Exemptions.ExemptionConfiguration());
        builder.ApplyConfiguration(new global::Pacesetter.App.Exemptions.ExemptionEvidenceConfiguration());
        builder.ApplyConfiguration(new global::Pacesetter.App.DataImport.DataImportFileConfiguration());
        builder.ApplyConfiguration(new global::Pacesetter.App.Surveys.StoredSurveyConfiguration());
        builder.ApplyConfiguration(new global::Pacesetter.App.Surveys.SurveyLinkConfiguration());
        builder.ApplyConfiguration(new global::Pacesetter.App.Surveys.SurveyBallotConfiguration());
        builder.ApplyConfiguration(new IssuedCardConfiguration(IsPostgres));
        builder.ApplyConfiguration(new ProjectConfiguration(IsPostgres));
        builder.ApplyConfiguration(new ProjectStageChangeConfiguration());
        builder.ApplyConfiguration(new NotificationConfiguration());
        builder.ApplyConfiguration(new WebhookEndpointConfiguration());
        builder.ApplyConfiguration(new OutboxMessageConfiguration());
        builder.ApplyConfiguration(new BulletinConfiguration());
        if (!IsPostgres)
        {
            // SQLite has no native DateTimeOffset ordering: store it as ticks-sortable text via EF's default converter,
            // and keep binary content as BLOB (the defaults); nothing else differs.
        }
    }
}
