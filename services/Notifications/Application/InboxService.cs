using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PawfectLive.Notifications.Application;

public sealed record InboxPage(IReadOnlyList<InboxNotification> Items, string? NextCursor, long Unread);

/// <summary>A user's inbox: newest first, the unread count, marking read.</summary>
public sealed class InboxService(IInboxStore inbox, TimeProvider time)
{
    public async Task<Result<InboxPage>> ListAsync(Caller caller, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (InputRules.CheckPageSize(limit) is { } invalid)
        {
            return invalid;
        }
        InboxCursor? before = null;
        if (cursor is not null && (before = DecodeCursor(cursor)) is null)
        {
            return InputRules.InvalidCursor();
        }
        var size = limit ?? NotificationsOptions.DefaultPageSize;
        var page = await inbox.ListNotificationsAsync(caller.UserId, size, before, cancellationToken);
        var unread = await inbox.CountUnreadAsync(caller.UserId, cancellationToken);
        return new InboxPage(page, page.Count == size ? EncodeCursor(page[^1]) : null, unread);
    }

    public Task<long> CountUnreadAsync(string userId, CancellationToken cancellationToken) => inbox.CountUnreadAsync(userId, cancellationToken);

    public async Task<Result<bool>> MarkReadAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        id.Length is > 0 and <= 64 && await inbox.MarkReadAsync(caller.UserId, id, time.GetUtcNow().UtcDateTime, cancellationToken)
            ? true
            : new NotificationError.NotificationNotFound(id);

    public Task<long> MarkAllReadAsync(Caller caller, CancellationToken cancellationToken) =>
        inbox.MarkAllReadAsync(caller.UserId, time.GetUtcNow().UtcDateTime, cancellationToken);

    private static string EncodeCursor(InboxNotification last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{DateTime.SpecifyKind(last.CreatedAt, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture)}:{last.Id}"));

    private static InboxCursor? DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks && parts[1].Length is > 0 and <= 64
                ? new InboxCursor(new DateTime(ticks, DateTimeKind.Utc), parts[1])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
