using System.Text;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.App.DataEntry;

/// <summary>
/// 文件名 the one check of a file name a person uploads (evidence, an exemption's evidence, a supervision task's files, an
/// objection's file, an imported workbook) before it is stored and shown (ADR 0045): control characters and text-direction
/// marks, which can disguise <c>exe.pdf</c> as <c>fdp.exe</c>, are refused; the rest is normalized.
/// </summary>
public static class FileNames
{
    /// <summary>Bidi controls: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E, U+200F and U+061C.</summary>
    public static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    /// <summary>
    /// The name to store for an uploaded <paramref name="fileName"/> (null: none given, stored as ""), or the problem at
    /// <paramref name="path"/>. Refused: a control character (NUL included), a bidi control, a lone surrogate, and a name that
    /// is empty or only dots and spaces (<c>.</c>, <c>..</c>). Normalized: folders dropped (<c>/</c> or <c>\</c>), Unicode NFC,
    /// surrounding white space trimmed, trailing dots dropped. Not shortened here: see <see cref="Shorten"/>.
    /// </summary>
    public static (string Name, Problem? Problem) Check(string path, string? fileName)
    {
        if (fileName is null) return ("", null);
        if (InputLimits.HasControl(fileName)) return ("", OrgRules.NoControl(path, OrgRules.FileNameField));
        var bidi = fileName.Where(IsBidiControl).Distinct().Select(c => $"U+{(int)c:X4}").ToList();
        if (bidi.Count > 0)
        {
            var found = string.Join(", ", bidi);
            return ("", new Problem(path, $"File name \"{Shown(fileName)}\" may not contain text-direction control characters ({found}): they can disguise a file's type.",
                $"文件名“{Shown(fileName)}”不能包含文字方向控制字符（{found}），它们可能伪装文件的类型。"));
        }
        string name;
        try
        {
            name = fileName.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return ("", new Problem(path, "File name is not valid Unicode text (it holds a lone surrogate).", "“文件名”不是有效的 Unicode 文本（含有不成对的代理字符）。"));
        }
        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        while (name.Length > 0 && (name[^1] == '.' || char.IsWhiteSpace(name[^1]))) name = name[..^1];
        if (name.Length == 0)
        {
            return ("", new Problem(path, $"File name \"{Shown(fileName)}\" is not a usable name: it is empty or made only of dots and spaces.",
                $"文件名“{Shown(fileName)}”不可用：为空或只由点和空格组成。"));
        }
        return (name, null);
    }

    /// <summary>
    /// A name over <see cref="InputLimits.FileNameKept"/> characters shortened to that length, keeping <paramref name="extension"/>
    /// (the detected type's) and never splitting a surrogate pair.
    /// </summary>
    public static string Shorten(string name, string extension)
    {
        if (name.Length <= InputLimits.FileNameKept) return name;
        var keep = InputLimits.FileNameKept - extension.Length;
        if (char.IsHighSurrogate(name[keep - 1])) keep--;
        return name[..keep].TrimEnd().TrimEnd('.') + extension;
    }

    /// <summary>A name as quoted in a message: bidi controls written as <c>[U+202E]</c> so they cannot turn the message around, at most 100 characters.</summary>
    private static string Shown(string name)
    {
        var b = new StringBuilder();
        foreach (var c in name.Length > 100 ? name[..100] + "…" : name) b.Append(IsBidiControl(c) ? $"[U+{(int)c:X4}]" : c);
        return b.ToString();
    }
}
