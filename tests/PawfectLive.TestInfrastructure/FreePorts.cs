using System.Net;
using System.Net.Sockets;

namespace PawfectLive.TestInfrastructure;

public static class FreePorts
{
    /// <summary>
    /// A loopback port that is free now, and whose companions at the given offsets are free too
    /// (RabbitMQ also listens on port+20000 and its epmd on port+21000).
    /// </summary>
    public static int Find(params int[] companionOffsets)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 40_000);
            if (IsFree(port) && companionOffsets.All(offset => IsFree(port + offset)))
            {
                return port;
            }
        }
        throw new InvalidOperationException("No free loopback port found.");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
