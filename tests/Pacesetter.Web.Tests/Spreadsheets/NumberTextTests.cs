using System.Globalization;
using Pacesetter.App.Spreadsheets;

namespace Pacesetter.Web.Tests.Spreadsheets;

public class NumberTextTests
{
    [Theory]
    [InlineData("１２３．５", "123.5", false)]   // full-width digits and point
    [InlineData("－３", "-3", false)]            // full-width minus
    [InlineData("+7", "7", false)]
    [InlineData("1,234.5", "1234.5", false)]
    [InlineData("1，234", "1234", false)]        // full-width comma as thousands separator
    [InlineData("1,234,567", "1234567", false)]
    [InlineData("  42\u3000", "42", false)]      // spaces around, an ideographic one too
    [InlineData("12.5%", "0.125", true)]         // 12.5 / 100
    [InlineData(" 12.5 % ", "0.125", true)]
    [InlineData("１２．５％", "0.125", true)]
    [InlineData("-1,000%", "-10", true)]
    [InlineData(".5", "0.5", false)]
    public void Numbers_as_users_write_them_are_read(string text, string value, bool percent)
    {
        Assert.Equal(new ParsedNumber(decimal.Parse(value, CultureInfo.InvariantCulture), percent), NumberText.Parse(text));
    }

    [Theory]
    [InlineData("12a")]
    [InlineData("1.2.3")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12,5")]      // a decimal comma or a misplaced separator: refused, not guessed
    [InlineData("1,2345")]
    [InlineData(",123")]
    [InlineData("1 234")]
    [InlineData("1e5")]
    [InlineData("(12)")]
    [InlineData("5.")]
    [InlineData("%")]
    [InlineData("-")]
    [InlineData("12%%")]
    public void Anything_else_is_not_a_number(string text)
    {
        Assert.Null(NumberText.Parse(text));
    }

    [Fact]
    public void Not_a_number_says_where_and_what()
    {
        var problem = NumberText.NotANumber("镇街", "D7", "12a");

        Assert.Equal("镇街!D7: “12a”不是数字", problem.Line(Pacesetter.Scoring.Language.Chinese));
        Assert.Equal("镇街!D7: “12a” is not a number", problem.Line(Pacesetter.Scoring.Language.English));
    }

    [Theory]
    [InlineData(7, 4, "D7")]
    [InlineData(1, 26, "Z1")]
    [InlineData(1, 27, "AA1")]
    [InlineData(1_048_576, 16_384, "XFD1048576")]
    public void Addresses_are_Excels(int row, int column, string address)
    {
        Assert.Equal(address, CellAddress.Format(row, column));
        Assert.True(CellAddress.TryParse(address.ToLowerInvariant(), out var r, out var c));
        Assert.Equal((row, column), (r, c));
    }

    [Theory]
    [InlineData("A0")]
    [InlineData("XFE1")]
    [InlineData("A1048577")]
    [InlineData("7D")]
    [InlineData("D")]
    public void Addresses_beyond_Excel_are_refused(string address)
    {
        Assert.False(CellAddress.TryParse(address, out _, out _));
    }
}
