using Pacesetter.App.DataEntry;
using Pacesetter.Scoring;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>The one check of an uploaded file's name (issue #13): bidi and control characters refused, the rest normalized.</summary>
public class FileNamesTests
{
    [Theory]
    [InlineData("收入报表.pdf", "收入报表.pdf")]
    [InlineData("  收入报表.pdf \u00A0", "收入报表.pdf")]
    [InlineData("report.pdf...", "report.pdf")]
    [InlineData("report.pdf. . .", "report.pdf")]
    [InlineData("C:\\Users\\张三\\扫描件.png", "扫描件.png")]
    [InlineData("scans/2026/10/现场.jpg", "现场.jpg")]
    [InlineData("..\\..\\etc\\passwd", "passwd")]
    [InlineData("Cafe\u0301.docx", "Caf\u00e9.docx")]
    [InlineData("\u3000全角空格.xlsx\u3000", "全角空格.xlsx")]
    [InlineData(".hidden.pdf", ".hidden.pdf")]
    public void A_name_is_stripped_of_folders_normalized_to_NFC_and_trimmed_of_spaces_and_trailing_dots(string uploaded, string kept)
    {
        Assert.Equal((kept, (Problem?)null), FileNames.Check("file", uploaded));
    }

    [Fact]
    public void No_name_given_is_kept_empty_for_the_caller_to_name()
    {
        Assert.Equal(("", (Problem?)null), FileNames.Check("file", null));
    }

    [Theory]
    [InlineData("invoice\u202Efdp.exe", "invoice[U+202E]fdp.exe", "U+202E")]
    [InlineData("\u202Aa.pdf", "[U+202A]a.pdf", "U+202A")]
    [InlineData("a\u202B\u202C.pdf", "a[U+202B][U+202C].pdf", "U+202B, U+202C")]
    [InlineData("a\u202D.pdf", "a[U+202D].pdf", "U+202D")]
    [InlineData("\u2066a\u2069\u2067\u2068.pdf", "[U+2066]a[U+2069][U+2067][U+2068].pdf", "U+2066, U+2069, U+2067, U+2068")]
    [InlineData("a\u200E\u200F\u200E.pdf", "a[U+200E][U+200F][U+200E].pdf", "U+200E, U+200F")]
    [InlineData("تقرير\u061C.pdf", "تقرير[U+061C].pdf", "U+061C")]
    public void A_name_with_text_direction_controls_is_refused_naming_them(string uploaded, string shown, string found)
    {
        Assert.Equal(("", new Problem("$.file[2]", $"File name \"{shown}\" may not contain text-direction control characters ({found}): they can disguise a file's type.",
            $"文件名“{shown}”不能包含文字方向控制字符（{found}），它们可能伪装文件的类型。")), FileNames.Check("$.file[2]", uploaded));
    }

    [Theory]
    [InlineData("收入\0报表.pdf")]
    [InlineData("a\tb.pdf")]
    [InlineData("a\nb.pdf")]
    [InlineData("a\u007Fb.pdf")]
    [InlineData("a\u0085b.pdf")]
    public void A_name_with_a_control_character_is_refused(string uploaded)
    {
        Assert.Equal(("", new Problem("$.evidence", "File name may not contain control characters.", "“文件名”不能包含控制字符。")), FileNames.Check("$.evidence", uploaded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(". . .")]
    [InlineData("scans/..")]
    [InlineData("scans\\")]
    public void A_name_that_is_empty_or_only_dots_and_spaces_is_refused(string uploaded)
    {
        Assert.Equal(("", new Problem("file", $"File name \"{uploaded}\" is not a usable name: it is empty or made only of dots and spaces.", $"文件名“{uploaded}”不可用：为空或只由点和空格组成。")),
            FileNames.Check("file", uploaded));
    }

    [Fact]
    public void A_name_with_a_lone_surrogate_is_refused()
    {
        Assert.Equal(("", new Problem("file", "File name is not valid Unicode text (it holds a lone surrogate).", "“文件名”不是有效的 Unicode 文本（含有不成对的代理字符）。")),
            FileNames.Check("file", "a\uD800.pdf"));
    }

    [Fact]
    public void A_long_name_is_shortened_to_200_characters_keeping_its_extension_and_whole_surrogate_pairs()
    {
        Assert.Equal(new string('报', 196) + ".pdf", FileNames.Shorten(new string('报', 300) + ".pdf", ".pdf"));
        // 195 characters then an emoji (a surrogate pair) at 196–197: the cut at 196 would split it, so it goes whole.
        Assert.Equal(new string('a', 195) + ".pdf", FileNames.Shorten(new string('a', 195) + "😀😀😀" + new string('b', 100), ".pdf"));
        Assert.Equal("短.pdf", FileNames.Shorten("短.pdf", ".pdf"));
    }
}
