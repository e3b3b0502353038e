using System.Collections.Concurrent;
using MassTransit;

namespace PawfectLive.TestInfrastructure;

/// <summary>Listens on RabbitMQ (its own temporary queue) and records every published message of the given types.</summary>
public sealed class EventProbe : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentQueue<(object Message, Guid? MessageId, DateTime At)> _received = new();

    private EventProbe(string connectionString, bool durable, Type[] messageTypes)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(connectionString));
            if (messageTypes.Length == 0)
            {
                return;
            }
            // A durable queue keeps collecting across a broker restart; a temporary one is cheaper and cleans itself up.
            var queue = durable ? $"probe-{Guid.NewGuid():N}" : null;
            Action<IRabbitMqReceiveEndpointConfigurator> configure = endpoint =>
            {
                foreach (var type in messageTypes)
                {
                    typeof(EventProbe).GetMethod(nameof(Subscribe), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                        .MakeGenericMethod(type).Invoke(this, [endpoint]);
                }
            };
            if (queue is null)
            {
                rabbit.ReceiveEndpoint(new TemporaryEndpointDefinition(), configure);
            }
            else
            {
                rabbit.ReceiveEndpoint(queue, configure);
            }
        });
    }

    public IReadOnlyList<object> Received => _received.Select(r => r.Message).ToArray();

    public static Task<EventProbe> StartAsync(string connectionString, params Type[] messageTypes) =>
        StartAsync(connectionString, durable: false, messageTypes);

    public static async Task<EventProbe> StartAsync(string connectionString, bool durable, params Type[] messageTypes)
    {
        var probe = new EventProbe(connectionString, durable, messageTypes);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await probe._bus.StartAsync(timeout.Token);
        return probe;
    }

    public IReadOnlyList<T> Of<T>() => _received.Select(r => r.Message).OfType<T>().ToList();

    /// <summary>The MassTransit <c>MessageId</c> a received message came with.</summary>
    public Guid? MessageIdOf(object message) => _received.First(r => ReferenceEquals(r.Message, message)).MessageId;

    /// <summary>Messages of type <typeparamref name="T"/> with the (UTC) time each arrived.</summary>
    public IReadOnlyList<(T Message, DateTime At)> ReceivedWithTimes<T>() =>
        _received.Where(r => r.Message is T).Select(r => ((T)r.Message, r.At)).ToList();

    /// <summary>Waits until a message of type <typeparamref name="T"/> matching <paramref name="match"/> arrived.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> match, TimeSpan? timeout = null)
    {
        T? found = default;
        await Eventually.HoldsAsync(() =>
        {
            found = Of<T>().FirstOrDefault(match);
            return Task.FromResult(found is not null);
        }, $"a {typeof(T).Name} arrives", timeout);
        return found!;
    }

    /// <summary>Publishes a message as another service would.</summary>
    public Task PublishAsync<T>(T message) where T : class => _bus.Publish(message);

    /// <summary>
    /// Stops the probe's bus, giving up after 30 s: MassTransit's stop can hang after a broker restart (see the services'
    /// BoundedBusHostedService), and a probe that cannot stop has nothing left to lose.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _bus.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
        }
    }

    private void Subscribe<T>(IRabbitMqReceiveEndpointConfigurator endpoint) where T : class =>
        endpoint.Handler<T>(context =>
        {
            _received.Enqueue((context.Message, context.MessageId, DateTime.UtcNow));
            return Task.CompletedTask;
        });
}
