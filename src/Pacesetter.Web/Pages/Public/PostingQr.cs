using QRCoder;

namespace Pacesetter.Web.Pages.Public;

/// <summary>The QR code of a public page's address, printed on the posting so that a passer-by at the wall can open it.</summary>
public static class PostingQr
{
    /// <summary>An SVG image as a <c>data:</c> address (sharp at any print size, no extra request).</summary>
    public static string DataUri(string address)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(address, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
    }
}
