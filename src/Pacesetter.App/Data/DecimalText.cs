using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Pacesetter.App.Data;

/// <summary>
/// A decimal stored as written, scale included (45 stays 45, 45.0 stays 45.0): PostgreSQL's <c>numeric</c> without
/// precision keeps the scale itself; on SQLite the value is invariant text (EF's default SQLite mapping would write
/// 45 as "45.0"). The card report repeats the percents a unit reported, so they must come back exactly as sent.
/// </summary>
public static class DecimalText
{
    private static readonly ValueConverter<decimal, string> Text = new(
        d => d.ToString(CultureInfo.InvariantCulture),
        s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture));

    private static readonly ValueConverter<decimal?, string?> NullableText = new(
        d => d.HasValue ? d.Value.ToString(CultureInfo.InvariantCulture) : null,
        s => s == null ? null : decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture));

    public static PropertyBuilder<decimal> AsWritten(this PropertyBuilder<decimal> p, bool isPostgres) =>
        isPostgres ? p.HasColumnType("numeric") : p.HasConversion(Text).HasColumnType("TEXT");

    public static PropertyBuilder<decimal?> AsWritten(this PropertyBuilder<decimal?> p, bool isPostgres) =>
        isPostgres ? p.HasColumnType("numeric") : p.HasConversion(NullableText).HasColumnType("TEXT");
}
