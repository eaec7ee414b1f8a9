using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.App.DataImport;

/// <summary>
/// 导入文件 a spreadsheet whose figures entered a period's data (issue #11 §3), kept as the import's evidence with its
/// SHA-256 (named in the import's audit rows), who imported it and how many data it set.
/// </summary>
public sealed class DataImportFile
{
    public long Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Period { get; set; }
    public required string FileName { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public int Count { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

internal sealed class DataImportFileConfiguration : IEntityTypeConfiguration<DataImportFile>
{
    public void Configure(EntityTypeBuilder<DataImportFile> b)
    {
        b.ToTable("data_import_files");
        b.Property(x => x.Period).HasMaxLength(InputLimits.Period);
        b.Property(x => x.FileName).HasMaxLength(InputLimits.FileName);
        b.Property(x => x.Sha256).HasMaxLength(InputLimits.Hash);
        b.Property(x => x.ImportedBy).HasMaxLength(InputLimits.UserName);
        b.HasIndex(x => new { x.OrganizationId, x.Period });
        b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}
