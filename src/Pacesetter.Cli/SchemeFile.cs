using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.Cli;

/// <summary>Usage problems several verbs share.</summary>
public static class CommonText
{
    public static readonly CliText OneFile = new("需要且只需要一个文件参数", "expected one FILE");
    public static readonly CliText UnitRequired = new("--unit：必须指定单位", "--unit: is required");
}

/// <summary>Loads a file named on the command line, turning every failure into one clear line.</summary>
public static class InputFile
{
    public static byte[]? Load(string path, CliContext ctx, Language language)
    {
        bool zh = language == Language.Chinese;
        try
        {
            if (Directory.Exists(path))
            {
                ctx.Error.WriteLine(zh ? $"{path}：是文件夹而不是文件" : $"{path}: is a directory, not a file");
                return null;
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            ctx.Error.WriteLine(zh ? $"{path}：文件不存在" : $"{path}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            ctx.Error.WriteLine(zh ? $"{path}：无权读取该文件" : $"{path}: permission denied");
        }
        catch (IOException ex)
        {
            ctx.Error.WriteLine(zh ? $"{path}：无法读取（{ex.Message}）" : $"{path}: cannot be read: {ex.Message}");
        }
        return null;
    }

    /// <summary>Reads a scheme file; on any problem writes them all to standard error and returns null.</summary>
    public static Scheme? LoadScheme(string path, CliContext ctx, Language language, PhaseTrace? trace = null)
    {
        var bytes = Load(path, ctx, language);
        if (bytes is null) return null;
        trace?.Step("read file");
        var read = SchemeReader.Read(bytes);
        trace?.Step("parse and check");
        if (read.IsValid) return read.Scheme;
        foreach (var p in read.Problems) ctx.Error.WriteLine(p.Line(language));
        return null;
    }
}
