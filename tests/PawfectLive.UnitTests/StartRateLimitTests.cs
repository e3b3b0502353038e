using PawfectLive.Streams;
using PawfectLive.Streams.Features.Lifecycle;

namespace PawfectLive.UnitTests;

public sealed class StartRateLimitTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static readonly StreamsOptions Options = new()
    {
        StartCooldown = TimeSpan.FromSeconds(10),
        StartWindow = TimeSpan.FromMinutes(10),
        StartsPerWindow = 3,
    };

    [Fact]
    public void A_first_start_goes_ahead()
    {
        Assert.Null(StartRateLimit.RetryAfter([], Now, Options));
    }

    [Fact]
    public void Within_the_cooldown_the_wait_is_what_remains_of_it()
    {
        Assert.Equal(TimeSpan.FromSeconds(6), StartRateLimit.RetryAfter([Now.AddSeconds(-4)], Now, Options));
    }

    [Fact]
    public void After_the_cooldown_and_under_the_window_limit_a_start_goes_ahead()
    {
        Assert.Null(StartRateLimit.RetryAfter([Now.AddMinutes(-5), Now.AddSeconds(-30)], Now, Options));
    }

    [Fact]
    public void At_the_window_limit_the_wait_lasts_until_the_oldest_counted_start_leaves_the_window()
    {
        DateTime[] starts = [Now.AddMinutes(-9), Now.AddMinutes(-5), Now.AddMinutes(-1)];

        Assert.Equal(TimeSpan.FromMinutes(1), StartRateLimit.RetryAfter(starts, Now, Options));
    }

    [Fact]
    public void Starts_older_than_the_window_do_not_count()
    {
        DateTime[] starts = [Now.AddMinutes(-30), Now.AddMinutes(-11), Now.AddMinutes(-5), Now.AddMinutes(-1)];

        Assert.Null(StartRateLimit.RetryAfter(starts, Now, Options));
    }

    [Fact]
    public void The_look_back_covers_the_longer_of_window_and_cooldown()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), StartRateLimit.LookBack(Options));
        Assert.Equal(TimeSpan.FromHours(1), StartRateLimit.LookBack(new StreamsOptions { StartCooldown = TimeSpan.FromHours(1), StartWindow = TimeSpan.FromMinutes(1) }));
    }
}
