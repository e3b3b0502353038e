using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PawfectLive.Contracts;
using PawfectLive.FunctionalTests.Streams;
using PawfectLive.Streams.Model;
using Xunit.Abstractions;

namespace PawfectLive.FunctionalTests.Outbox;

/// <summary>
/// Several Streams instances never dispatch one stream's outbox at once: the dispatcher takes the stream's lease first
/// (docs/capacity.md). Here another holder — as another instance would — holds it.
/// </summary>
[Collection(StreamsCollection.Name)]
public sealed class OutboxLeaseTests(StreamsFixture fixture, ITestOutputHelper output)
{
    private readonly StreamsFixture _fixture = fixture.WithLogsTo(output);

    [Fact]
    public async Task A_streams_events_wait_while_another_instance_holds_its_outbox_lease_and_go_out_once_it_is_given_back()
    {
        var ownerId = $"lease-owner-{Guid.NewGuid():N}"[..24];
        using var owner = _fixture.App.ClientFor(TestUsers.Token(ownerId));
        var started = await owner.StartStreamAsync();
        await _fixture.Events.WaitForAsync<StreamStartedIntegrationEvent>(e => e.StreamId == started.StreamId);
        var leases = _fixture.App.Services.GetRequiredService<ILeaseStore>();
        var lease = $"outbox:{started.StreamId}";
        Assert.True(await leases.TryAcquireLeaseAsync(lease, "another-instance", DateTime.UtcNow.AddMinutes(5), DateTime.UtcNow, default));

        var viewerId = $"lease-viewer-{Guid.NewGuid():N}"[..24];
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/live/{started.StreamId}/block", new { userId = viewerId })).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(3)); // the dispatcher polls every second and is woken by the write
        Assert.DoesNotContain(_fixture.Events.Of<UserBlockedIntegrationEvent>(), e => e.StreamId == started.StreamId);

        await leases.ReleaseLeaseAsync(lease, "another-instance", default);
        var blocked = await _fixture.Events.WaitForAsync<UserBlockedIntegrationEvent>(e => e.StreamId == started.StreamId && e.UserId == viewerId);
        Assert.Equal(viewerId, blocked.UserId);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(_fixture.Events.Of<UserBlockedIntegrationEvent>(), e => e.StreamId == started.StreamId);
    }
}
