using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Tests.Data;

/// <summary>
/// A database's schema read back from the database itself (not from EF's model), as one line per fact: tables,
/// columns (type, nullability, default), primary keys, foreign keys (columns, referenced table and columns, delete
/// rule) and indexes (columns, uniqueness). Two schemas are equal when their lines are. EF's migration history
/// table and the audit triggers are left out (<see cref="Triggers"/> holds the latter).
/// </summary>
public sealed record SchemaSnapshot(IReadOnlyList<string> Lines, IReadOnlyList<string> Triggers)
{
    public static async Task<SchemaSnapshot> ReadAsync(PacesetterDb db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            return connection switch
            {
                SqliteConnection sqlite => await ReadSqliteAsync(sqlite),
                NpgsqlConnection postgres => await ReadPostgresAsync(postgres),
                _ => throw new NotSupportedException(connection.GetType().Name),
            };
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>The lines only one side has, marked "- only in {a}" / "+ only in {b}", sorted; empty when equal.</summary>
    public static List<string> Differences(SchemaSnapshot a, string aName, SchemaSnapshot b, string bName)
    {
        var left = a.Lines.ToHashSet(StringComparer.Ordinal);
        var right = b.Lines.ToHashSet(StringComparer.Ordinal);
        return a.Lines.Where(l => !right.Contains(l)).Select(l => $"only in {aName}: {l}")
            .Concat(b.Lines.Where(l => !left.Contains(l)).Select(l => $"only in {bName}: {l}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    // Quartz's job store (ADR 0029) is created from Quartz's own scripts by the QuartzStore migration, not by the model.
    private static bool Ignored(string table) => table.StartsWith("__EFMigrations", StringComparison.Ordinal) || table.StartsWith("qrtz_", StringComparison.OrdinalIgnoreCase);

    private static async Task<List<string[]>> Rows(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<SchemaSnapshot> ReadSqliteAsync(SqliteConnection c)
    {
        var lines = new List<string>();
        var tables = await Rows(c, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        foreach (var (table, sql) in tables.Select(r => (r[0], r[1])).Where(t => !Ignored(t.Item1)))
        {
            lines.Add($"table {table}{(sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase) ? " autoincrement" : "")}");
            var columns = await Rows(c, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(@t) ORDER BY cid", ("@t", table));
            foreach (var col in columns)
            {
                lines.Add($"column {table}.{col[0]} {col[1]} {(col[2] == "1" ? "NOT NULL" : "NULL")} default {col[3]}");
            }
            var pk = columns.Where(col => col[4] != "0").OrderBy(col => int.Parse(col[4], System.Globalization.CultureInfo.InvariantCulture)).Select(col => col[0]);
            lines.Add($"primary key {table} ({string.Join(", ", pk)})");

            var foreignKeys = await Rows(c, "SELECT id, \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list(@t) ORDER BY id, seq", ("@t", table));
            foreach (var fk in foreignKeys.GroupBy(r => r[0]))
            {
                var from = string.Join(", ", fk.Select(r => r[1]));
                var to = string.Join(", ", fk.Select(r => r[3]));
                lines.Add($"foreign key {table} ({from}) references {fk.First()[2]} ({to}) on delete {fk.First()[4]}");
            }

            // Indexes made by CREATE INDEX ("c") and by UNIQUE constraints ("u"); the automatic index of a primary key is the key itself.
            var indexes = await Rows(c, "SELECT name, \"unique\", origin FROM pragma_index_list(@t) WHERE origin <> 'pk' ORDER BY name", ("@t", table));
            foreach (var index in indexes)
            {
                var cols = await Rows(c, "SELECT name FROM pragma_index_info(@i) ORDER BY seqno", ("@i", index[0]));
                lines.Add($"index {table}.{index[0]} ({string.Join(", ", cols.Select(r => r[0]))}){(index[1] == "1" ? " unique" : "")}");
            }
        }
        var triggers = await Rows(c, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name NOT LIKE 'qrtz%' ORDER BY name");
        return new SchemaSnapshot(lines, triggers.Select(r => r[0]).ToList());
    }

    private static async Task<SchemaSnapshot> ReadPostgresAsync(NpgsqlConnection c)
    {
        var lines = new List<string>();
        var tables = (await Rows(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"))
            .Select(r => r[0]).Where(t => !Ignored(t)).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tables.Order(StringComparer.Ordinal)) lines.Add($"table {t}");

        var columns = await Rows(c, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable,
                   coalesce(column_default, 'NULL'), is_identity, coalesce(identity_generation, '')
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """);
        foreach (var col in columns.Where(r => tables.Contains(r[0])))
        {
            var type = col[3].Length > 0 ? $"{col[2]}({col[3]})" : col[2];
            var identity = col[6] == "YES" ? $" identity {col[7]}" : "";
            lines.Add($"column {col[0]}.{col[1]} {type} {(col[4] == "YES" ? "NULL" : "NOT NULL")} default {col[5]}{identity}");
        }

        // Primary keys and foreign keys as PostgreSQL itself prints them (columns, referenced table and columns, delete rule).
        var constraints = await Rows(c, """
            SELECT cl.relname, con.contype, con.conname, pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE n.nspname = 'public' AND con.contype IN ('p', 'f', 'u')
            ORDER BY cl.relname, con.conname
            """);
        foreach (var con in constraints.Where(r => tables.Contains(r[0])))
        {
            var kind = con[1] switch { "p" => "primary key", "f" => "foreign key", _ => "unique" };
            lines.Add($"{kind} {con[0]} {con[2]} {con[3]}");
        }
        var deleteRules = await Rows(c, "SELECT constraint_name, delete_rule FROM information_schema.referential_constraints WHERE constraint_schema = 'public' ORDER BY constraint_name");
        foreach (var rule in deleteRules.Where(r => !Ignored(r[0]))) lines.Add($"delete rule {rule[0]} {rule[1]}");

        var indexes = await Rows(c, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname");
        foreach (var index in indexes.Where(r => tables.Contains(r[0])))
        {
            lines.Add($"index {index[0]}.{index[1]} {index[2]}");
        }
        var triggers = await Rows(c, "SELECT tgname FROM pg_trigger t JOIN pg_class cl ON cl.oid = t.tgrelid WHERE NOT t.tgisinternal ORDER BY tgname");
        return new SchemaSnapshot(lines, triggers.Select(r => r[0]).ToList());
    }
}
