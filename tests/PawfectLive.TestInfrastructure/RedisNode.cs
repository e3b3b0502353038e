namespace PawfectLive.TestInfrastructure;

/// <summary>An isolated Redis (Debian's redis-server, append-only file on) on a free loopback port.</summary>
public sealed class RedisNode() : LocalServerNode("redis", FreePorts.Find(), TimeSpan.FromSeconds(30))
{
    public override string ConnectionString => $"127.0.0.1:{Port}";

    protected override ServerProcess StartProcess() =>
        ServerProcess.Start("redis-node.sh", StateDirectory, Port.ToString(), "--persist");
}
