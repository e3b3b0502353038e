using PawfectLive.LiveKit;

namespace PawfectLive.Streams.Kernel;

/// <summary>The ways a call to LiveKit fails without anything being wrong here: refused, unreachable, timed out, circuit open.</summary>
public static class LiveKitFailures
{
    public static bool IsLiveKitFailure(this Exception exception) =>
        exception is LiveKitRequestException or HttpRequestException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException;
}
