using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Pacesetter.App.Writes;

namespace Pacesetter.App.Data;

/// <summary>
/// Inserts many rows of one entity type in the open transaction without the change tracker (a scheme import's data
/// and audit rows: up to millions): SQLite reuses one prepared <c>INSERT</c>, PostgreSQL streams a binary <c>COPY</c>.
/// Columns and value conversions come from the EF model, so the rows are stored exactly as EF stores them. A
/// unique-index violation surfaces as a <see cref="DbUpdateException"/>, which <see cref="OrgWriter"/> turns into a
/// conflict like any other.
/// </summary>
public static class BulkInsert
{
    public static async Task<long> RowsAsync<T>(PacesetterDb db, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        if (db.Database.CurrentTransaction is not { } transaction) throw new InvalidOperationException("bulk inserts run inside the audited write's transaction");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        // Every mapped column but the generated key.
        var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => new Column(
            p.GetColumnName(store)!, p.GetGetter(), p.GetRelationalTypeMapping())).ToList();
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        try
        {
            return db.IsPostgres
                ? await CopyAsync((NpgsqlConnection)db.Database.GetDbConnection(), $"COPY {Quote(table)} ({names}) FROM STDIN (FORMAT BINARY)", columns, rows, ct)
                : Insert((SqliteConnection)db.Database.GetDbConnection(), (SqliteTransaction)transaction.GetDbTransaction(),
                    $"INSERT INTO {Quote(table)} ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})", columns, rows, ct);
        }
        catch (DbException e) when (e is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new DbUpdateException($"a row of {table} already exists", e);
        }
    }

    private sealed record Column(string Name, IClrPropertyGetter Getter, RelationalTypeMapping Mapping)
    {
        /// <summary>The value as the database stores it (EF's converter applied: an enum as its number, …).</summary>
        public object? Value(object row)
        {
            var value = Getter.GetClrValue(row);
            return value is null ? null : Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static long Insert<T>(SqliteConnection connection, SqliteTransaction transaction, string sql, List<Column> columns, IEnumerable<T> rows, CancellationToken ct)
        where T : class
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        long count = 0;
        foreach (var row in rows)
        {
            for (int i = 0; i < columns.Count; i++) parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
            command.ExecuteNonQuery();
            if (++count % 10000 == 0) ct.ThrowIfCancellationRequested();
        }
        return count;
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, string sql, List<Column> columns, IEnumerable<T> rows, CancellationToken ct)
        where T : class
    {
        var writers = columns.Select(c => c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType).Select(Writer).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(sql, ct);
        long count = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            for (int i = 0; i < columns.Count; i++)
            {
                if (columns[i].Value(row) is { } value) writers[i](importer, value);
                else importer.WriteNull();
            }
            if (++count % 10000 == 0) ct.ThrowIfCancellationRequested();
        }
        await importer.CompleteAsync(ct);
        return count;
    }

    /// <summary>A typed write per column type (the type is resolved once per column, not per value).</summary>
    private static Action<NpgsqlBinaryImporter, object> Writer(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return (i, v) => i.Write((string)v, NpgsqlTypes.NpgsqlDbType.Text);
        if (type == typeof(int)) return (i, v) => i.Write((int)v, NpgsqlTypes.NpgsqlDbType.Integer);
        if (type == typeof(long)) return (i, v) => i.Write((long)v, NpgsqlTypes.NpgsqlDbType.Bigint);
        if (type == typeof(bool)) return (i, v) => i.Write((bool)v, NpgsqlTypes.NpgsqlDbType.Boolean);
        if (type == typeof(decimal)) return (i, v) => i.Write((decimal)v, NpgsqlTypes.NpgsqlDbType.Numeric);
        if (type == typeof(DateOnly)) return (i, v) => i.Write((DateOnly)v, NpgsqlTypes.NpgsqlDbType.Date);
        if (type == typeof(DateTimeOffset)) return (i, v) => i.Write((DateTimeOffset)v, NpgsqlTypes.NpgsqlDbType.TimestampTz);
        if (type == typeof(byte[])) return (i, v) => i.Write((byte[])v, NpgsqlTypes.NpgsqlDbType.Bytea);
        throw new NotSupportedException($"bulk insert of a {type.Name} column");
    }
}
