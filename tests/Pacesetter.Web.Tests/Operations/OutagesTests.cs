using System.Net.Sockets;
using Npgsql;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>Which database failures answer 503 (an outage) and which of those are tried again at once (ADR 0050).</summary>
public class OutagesTests
{
    [Fact]
    public void A_closed_connection_is_an_outage_tried_again_a_timeout_is_an_outage_answered_at_once()
    {
        var closed = new NpgsqlException("Exception while reading from stream", new IOException("reset", new SocketException(104)));
        var poolExhausted = new NpgsqlException("The connection pool has been exhausted", new TimeoutException());
        var shuttingDown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");
        var tooLong = new PostgresException("value too long", "ERROR", "ERROR", "22001");
        var unique = new PostgresException("duplicate key", "ERROR", "ERROR", "23505");

        Assert.Equal((true, true), (Outages.IsOutage(closed), Outages.IsRetryable(closed)));
        Assert.Equal((true, true), (Outages.IsOutage(shuttingDown), Outages.IsRetryable(shuttingDown)));
        Assert.Equal((true, false), (Outages.IsOutage(poolExhausted), Outages.IsRetryable(poolExhausted)));
        Assert.Equal((false, false), (Outages.IsOutage(tooLong), Outages.IsRetryable(tooLong)));
        Assert.Equal((false, false), (Outages.IsOutage(unique), Outages.IsRetryable(unique)));
        Assert.Equal((false, false), (Outages.IsOutage(new InvalidOperationException("a fault")), Outages.IsRetryable(new InvalidOperationException("a fault"))));
    }
}
