using System.ComponentModel.DataAnnotations;

namespace PawfectLive.Notifications;

public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Owners one user may follow.</summary>
    [Range(1, 100_000)]
    public int MaxFollowsPerUser { get; set; } = 1000;

    /// <summary>Follow, unfollow, mute and remind-me changes one user may make per minute (per instance).</summary>
    [Range(1, 10_000)]
    public int WritesPerMinute { get; set; } = 60;

    /// <summary>A follower gets at most one go-live alert per owner within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan GoLiveAlertWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long before a scheduled stream's start its reminder goes out.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ReminderLeadTime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often due reminders are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ReminderCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Scheduled streams one user may ask to be reminded of at once.</summary>
    [Range(1, 100_000)]
    public int MaxRemindersPerUser { get; set; } = 200;

    /// <summary>Users per fan-out message: an owner's followers go through RabbitMQ in batches of this size.</summary>
    [Range(1, 10_000)]
    public int FanOutBatchSize { get; set; } = 500;

    /// <summary>How long inbox entries (and the state behind the go-live window) are kept.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Push devices (browsers and phones) one user may register.</summary>
    [Range(1, 100)]
    public int MaxPushSubscriptionsPerUser { get; set; } = 10;

    /// <summary>Attempts at one push message (429, 5xx and network errors are retried); then it is dropped.</summary>
    [Range(1, 20)]
    public int PushMaxAttempts { get; set; } = 5;

    /// <summary>First wait before retrying a push the service did not take without saying when (doubles per attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PushRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest <c>Retry-After</c> honoured; a push service asking for longer is retried after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PushMaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Pushes sent at once by one instance.</summary>
    [Range(1, 1000)]
    public int PushConcurrency { get; set; } = 32;

    /// <summary>
    /// How long "remind me" waits for a scheduled stream Streams has just created (its event may be a moment behind the
    /// response the owner got) before answering 404.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan ScheduleArrivalWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Embedded LiteDB file used when no MongoDB connection string is configured.</summary>
    public string EmbeddedDatabasePath { get; set; } = "data/notifications.db";

    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
}
