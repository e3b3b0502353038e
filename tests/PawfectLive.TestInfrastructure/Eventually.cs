namespace PawfectLive.TestInfrastructure;

public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds, or fails with <paramref name="because"/> after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {because}.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Polls until <paramref name="find"/> gives a value, and answers it; fails with <paramref name="because"/> after the timeout.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> find, string because, TimeSpan? timeout = null)
    {
        T? found = default;
        await HoldsAsync(async () => (found = await find()) is not null, because, timeout);
        return found!;
    }

    public static Task<T> ValueAsync<T>(Func<T?> find, string because, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(find()), because, timeout);
}
