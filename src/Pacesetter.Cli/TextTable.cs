using System.Text;

namespace Pacesetter.Cli;

/// <summary>A plain-text table for terminals; CJK characters take two columns.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];
    private readonly HashSet<int> rightAligned = [];

    public TextTable AlignRight(params int[] columns)
    {
        foreach (var c in columns) rightAligned.Add(c);
        return this;
    }

    public void Add(params string?[] cells) => rows.Add(cells.Select(c => c ?? "").ToArray());

    public static int Width(string s)
    {
        int w = 0;
        foreach (var r in s.EnumerateRunes()) w += IsWide(r.Value) ? 2 : 1;
        return w;
    }

    private static bool IsWide(int cp) =>
        cp is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x20000 and <= 0x3FFFD;

    public override string ToString()
    {
        var widths = new int[headers.Length];
        for (int c = 0; c < headers.Length; c++)
        {
            widths[c] = Width(headers[c]);
            foreach (var r in rows) widths[c] = Math.Max(widths[c], Width(r.ElementAtOrDefault(c) ?? ""));
        }
        var sb = new StringBuilder();
        void Line(string[] cells)
        {
            for (int c = 0; c < headers.Length; c++)
            {
                var cell = cells.ElementAtOrDefault(c) ?? "";
                var pad = new string(' ', widths[c] - Width(cell));
                if (c > 0) sb.Append("  ");
                sb.Append(rightAligned.Contains(c) ? pad + cell : cell + pad);
            }
            // No trailing blanks when the last cells are empty.
            while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
            sb.Append('\n');
        }
        Line(headers);
        sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var r in rows) Line(r);
        return sb.ToString();
    }
}
