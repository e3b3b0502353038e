using System.Text.Json;
using PawfectLive.Contracts;
using PawfectLive.Streams.Infrastructure;
using PawfectLive.Streams.IntegrationEvents.Events;
using PawfectLive.Streams.Model;

namespace PawfectLive.UnitTests;

public sealed class IntegrationEventTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<IntegrationEvent> StreamsEvents() =>
    [
        new StreamStartedIntegrationEvent(Guid.NewGuid(), "s1", "owner", "live_owner_1", "title", ["dogs"], T0),
        new StreamEndedIntegrationEvent(Guid.NewGuid(), "s1", "owner", "live_owner_1", StreamEndReasons.Admin, T0),
        new UserBlockedIntegrationEvent(Guid.NewGuid(), "s1", "live_owner_1", "troll", "owner", T0),
        new UserUnblockedIntegrationEvent(Guid.NewGuid(), "s1", "live_owner_1", "troll", "owner", T0),
        new ViewerCountChangedIntegrationEvent(Guid.NewGuid(), "s1", "live_owner_1", 3, 5, T0),
        new DeleteLiveKitRoomCommand(Guid.NewGuid(), "s1", "live_owner_1", T0),
        new RemoveLiveKitParticipantCommand(Guid.NewGuid(), "s1", "live_owner_1", "troll", T0),
    ];

    [Theory]
    [MemberData(nameof(StreamsEvents))]
    public void Every_event_Streams_writes_comes_back_from_the_outbox_unchanged(IntegrationEvent integrationEvent)
    {
        var (read, type) = Outbox.Read(OutboxMessage.For(integrationEvent));

        Assert.Equal(integrationEvent.GetType(), type);
        Assert.Equal(JsonSerializer.Serialize(integrationEvent, type), JsonSerializer.Serialize(read, type));
        Assert.Equal(integrationEvent.EventId, read.EventId);
    }

    [Fact]
    public void The_outbox_knows_every_concrete_integration_event_without_a_hand_kept_list()
    {
        var concrete = new[] { typeof(IntegrationEvent).Assembly, typeof(Outbox).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract && type.IsAssignableTo(typeof(IntegrationEvent)))
            .ToList();

        Assert.Contains(typeof(RemoveLiveKitParticipantCommand), concrete);
        foreach (var type in concrete)
        {
            var entry = new OutboxMessage { Id = "e", Type = type.FullName!, Payload = "{}" };
            Assert.Equal(type, Outbox.Read(entry).Type);
        }
        Assert.Throws<InvalidOperationException>(() => Outbox.Read(new OutboxMessage { Id = "e", Type = "Some.Other.Type", Payload = "{}" }));
    }

    [Fact]
    public void Stream_events_carry_when_they_happened_as_OccurredAt()
    {
        var started = new StreamStartedIntegrationEvent(Guid.NewGuid(), "s1", "owner", "room", null, [], T0);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(started));

        Assert.Equal(T0, started.OccurredAt);
        Assert.True(json.RootElement.TryGetProperty("StartedAt", out _), "existing fields stay");
        Assert.True(json.RootElement.TryGetProperty("OccurredAt", out _));
        Assert.True(json.RootElement.TryGetProperty("EventId", out _));
    }

    [Fact]
    public void Webhook_born_events_keep_LiveKits_id_and_derive_a_stable_event_id_from_it()
    {
        var first = new ViewerJoinedIntegrationEvent("EV_abc", "room", "PA_1", "ann", T0);
        var retried = new ViewerJoinedIntegrationEvent("EV_abc", "room", "PA_1", "ann", T0.AddSeconds(2));
        var other = new ViewerLeftIntegrationEvent("EV_abd", "room", "PA_1", "ann", T0);

        Assert.Equal("EV_abc", first.WebhookEventId);
        Assert.Equal(first.EventId, retried.EventId);
        Assert.NotEqual(first.EventId, other.EventId);
        Assert.Equal(EventIds.FromWebhook("EV_abc"), first.EventId);
    }

    [Fact]
    public void Derived_event_ids_are_version_8_rfc_9562_uuids()
    {
        var id = EventIds.FromWebhook("EV_xyz").ToString();

        Assert.Equal('8', id[14]);
        Assert.Contains(id[19], "89ab");
    }

    [Fact]
    public void Webhook_born_events_round_trip_through_json_with_the_same_ids()
    {
        var finished = new RoomFinishedIntegrationEvent("EV_fin", "room", T0);

        var read = JsonSerializer.Deserialize<RoomFinishedIntegrationEvent>(JsonSerializer.Serialize(finished))!;

        Assert.Equal(finished, read);
    }
}
