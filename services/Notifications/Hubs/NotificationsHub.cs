using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using PawfectLive.Notifications.Api;
using PawfectLive.Notifications.Application;
using PawfectLive.ServiceDefaults.Authentication;

namespace PawfectLive.Notifications.Hubs;

/// <summary>
/// <c>/hubs/notifications</c>: a signed-in user's alerts in real time, to every connection they hold open on any instance
/// (SignalR's Redis backplane). Server to client: <c>notification</c> (an inbox entry). Client to server:
/// <c>GetUnreadCount</c>. See docs/chat-protocol.md.
/// </summary>
[Authorize]
public sealed class NotificationsHub(InboxService inbox) : Hub
{
    public const string NotificationMethod = "notification";

    public async Task<UnreadCountResponse> GetUnreadCount() =>
        new(await inbox.CountUnreadAsync(Context.User!.GetUserId()!, Context.ConnectionAborted));
}

/// <summary>Addresses connections by the token's <c>sub</c> (the user id every route uses).</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.GetUserId();
}

/// <summary>Sends stored entries to their users' open connections (best effort: the inbox has them either way).</summary>
public sealed class LiveAlerts(IHubContext<NotificationsHub> hub, ILogger<LiveAlerts> logger)
{
    public Task SendAsync(IReadOnlyList<InboxNotification> notifications, CancellationToken cancellationToken) =>
        Task.WhenAll(notifications.Select(async notification =>
        {
            try
            {
                await hub.Clients.User(notification.UserId)
                    .SendAsync(NotificationsHub.NotificationMethod, NotificationResponse.From(notification), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LiveAlertFailed(notification.UserId, ex);
            }
        }));
}
