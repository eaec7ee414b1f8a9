using System.Net;
using System.Net.Sockets;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// A TCP relay between the application and PostgreSQL on loopback, which a test uses to make the faults of a database
/// restart without restarting the server other tests share: <see cref="Cut"/> closes every open connection (what a
/// restart does to the pool's connections), <see cref="Down"/> also refuses new ones until <see cref="Up"/>.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly List<(TcpClient Client, TcpClient Server)> open = [];
    private readonly CancellationTokenSource stop = new();
    private TcpListener? listener;

    public TcpRelay(string host, int port)
    {
        target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Up();
    }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    public void Up()
    {
        lock (open)
        {
            if (listener is not null) return;
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _ = AcceptAsync(listener);
        }
    }

    /// <summary>New connections refused (nothing listens) and the open ones closed.</summary>
    public void Down()
    {
        lock (open)
        {
            listener?.Stop();
            listener = null;
        }
        Cut();
    }

    /// <summary>Every open connection closed at once, with a reset.</summary>
    public void Cut()
    {
        List<(TcpClient, TcpClient)> closing;
        lock (open)
        {
            closing = [.. open];
            open.Clear();
        }
        foreach (var (client, server) in closing)
        {
            Close(client);
            Close(server);
        }
    }

    private static void Close(TcpClient c)
    {
        try
        {
            if (c.Client is { } socket) socket.LingerState = new LingerOption(true, 0);
            c.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync(TcpListener from)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await from.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(target);
            }
            catch (SocketException)
            {
                Close(client);
                continue;
            }
            lock (open)
            {
                open.Add((client, server));
                Accepted++;
            }
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[16384];
        try
        {
            var a = from.GetStream();
            var b = to.GetStream();
            int n;
            while ((n = await a.ReadAsync(buffer)) > 0) await b.WriteAsync(buffer.AsMemory(0, n));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        Close(from);
        Close(to);
    }

    public ValueTask DisposeAsync()
    {
        stop.Cancel();
        Down();
        stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
