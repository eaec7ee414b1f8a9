using System.Text.Json;

namespace Pacesetter.App.Publication;

/// <summary>
/// The standings of stored results (scoring.md §8): per category its id and flag, per unit its figures, rank, grade and
/// label — without the indicator cells, exemptions and changes, which the reader skips. What a publication needs of
/// the previous revision (what changed) and of the previous period (flags carried, rank change): reading a province's
/// results this way takes a fraction of the time and memory of <see cref="RaceReader.ParseResults"/> (bench/publish.sh:
/// a correction's republication of 1,000,000 values peaked above 1.5 GB with two full parses).
/// </summary>
public static class Standings
{
    /// <summary>The results as a <see cref="RaceResult"/> whose rows have no indicator cells, exemptions or change.</summary>
    public static RaceResult Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        string name = "", period = "";
        int revision = 0;
        var categories = new List<RaceCategory>();
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "name":
                    name = reader.GetString()!;
                    break;
                case "period":
                    period = reader.GetString()!;
                    break;
                case "revision":
                    revision = reader.GetInt32();
                    break;
                case "categories":
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject) categories.Add(Category(ref reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return new RaceResult(name, period, revision, categories);
    }

    private static RaceCategory Category(ref Utf8JsonReader reader)
    {
        string id = "";
        var flag = new RaceFlag(null, null, false);
        var rows = new List<RaceRow>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "id":
                    id = reader.GetString()!;
                    break;
                case "flag" when reader.TokenType == JsonTokenType.StartObject:
                    flag = Flag(ref reader);
                    break;
                case "results":
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject) rows.Add(Row(ref reader));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return new RaceCategory(id, flag, rows);
    }

    private static RaceFlag Flag(ref Utf8JsonReader reader)
    {
        string? holder = null, previous = null;
        bool moved = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "holder":
                    holder = Text(ref reader);
                    break;
                case "previous":
                    previous = Text(ref reader);
                    break;
                case "moved":
                    moved = reader.GetBoolean();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return new RaceFlag(holder, previous, moved);
    }

    private static RaceRow Row(ref Utf8JsonReader reader)
    {
        string unit = "";
        int rank = 0;
        decimal composite = 0, @base = 0, bonus = 0, penalty = 0;
        string? grade = null, label = null;
        bool vetoed = false, blockTop = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "unit": unit = reader.GetString()!; break;
                case "rank": rank = reader.GetInt32(); break;
                case "composite": composite = reader.GetDecimal(); break;
                case "base": @base = reader.GetDecimal(); break;
                case "bonus": bonus = reader.GetDecimal(); break;
                case "penalty": penalty = reader.GetDecimal(); break;
                case "grade": grade = Text(ref reader); break;
                case "label": label = Text(ref reader); break;
                case "vetoed": vetoed = reader.GetBoolean(); break;
                case "blockTop": blockTop = reader.GetBoolean(); break;
                default: reader.Skip(); break;
            }
        }
        return new RaceRow(unit, rank, composite, @base, bonus, penalty, grade, label, vetoed, blockTop, NoCells, [], null);
    }

    private static readonly IReadOnlyDictionary<string, RaceCell> NoCells = new Dictionary<string, RaceCell>();

    private static string? Text(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type) throw new JsonException($"stored results: expected {type}");
    }
}
