namespace PawfectLive.TestInfrastructure;

/// <summary>
/// An isolated RabbitMQ node (Debian's rabbitmq-server) on a free loopback port with its state in a temp folder.
/// <see cref="LocalServerNode.StopAsync"/> and <see cref="LocalServerNode.StartAsync"/> again simulate a broker restart on the same port.
/// </summary>
public sealed class RabbitMqNode() : LocalServerNode("rabbitmq", FreePorts.Find(20_000, 21_000), TimeSpan.FromSeconds(90))
{
    public override string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}";

    protected override ServerProcess StartProcess() => ServerProcess.Start("rabbitmq-node.sh", StateDirectory, Port.ToString());

    /// <summary>
    /// The AMQP port accepts TCP before the node has finished booting; a client that connects then may wait long for its
    /// first channel (a loaded CI machine once took over 60 s). <c>rabbitmqctl await_startup</c> returns once the node is up.
    /// </summary>
    protected override Task WaitUntilReadyAsync(TimeSpan timeout) =>
        RabbitMqCtlAsync("await_startup", "--timeout", ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// A fresh virtual host on this node, for a service instance that must not share queues with others
    /// (competing consumers would take its messages).
    /// </summary>
    public async Task<string> NewVirtualHostConnectionStringAsync()
    {
        var name = $"vh-{Guid.NewGuid():N}";
        await RabbitMqCtlAsync("add_vhost", name);
        await RabbitMqCtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return $"{ConnectionString}/{name}";
    }

    /// <summary>Messages waiting or in flight, per queue of the default virtual host.</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync()
    {
        var output = await RabbitMqCtlAsync("list_queues", "-q", "--no-table-headers", "name", "messages");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', ' '))
            .Where(parts => parts.Length >= 2 && long.TryParse(parts[^1], out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[^1]));
    }

    /// <summary>Waits until no queue holds a message (every published event was consumed).</summary>
    public Task WaitUntilDrainedAsync(TimeSpan timeout) =>
        Eventually.HoldsAsync(async () => (await QueueDepthsAsync()).Where(q => !q.Key.EndsWith("_error", StringComparison.Ordinal)).All(q => q.Value == 0),
            "every RabbitMQ queue is drained", timeout);

    private async Task<string> RabbitMqCtlAsync(params string[] arguments)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("-n");
        startInfo.ArgumentList.Add($"rabbit-{Port}@localhost");
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment["HOME"] = StateDirectory;
        startInfo.Environment["ERL_EPMD_PORT"] = (Port + 21_000).ToString();
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed: {await error}");
        }
        return output;
    }
}
