using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace PawfectLive.TestInfrastructure;

/// <summary>
/// Where a test host's logs go: the output of the test running now (<see cref="Attach"/>), which the test runner
/// prints only when that test fails. Logs written while no test is attached (between tests, after the last) are dropped,
/// so a green run prints no service logs at all.
/// </summary>
public sealed class TestLogSink(string hostName) : ILoggerProvider
{
    private volatile ITestOutputHelper? _output;

    /// <summary>Sends this host's logs to <paramref name="output"/> until the next test attaches its own.</summary>
    public void Attach(ITestOutputHelper output) => _output = output;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _output = null;

    /// <summary>A line of the test infrastructure's own (a diagnosis) among this host's logs.</summary>
    public void WriteLine(string message) => Write(LogLevel.Warning, "test", message, null);

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        if (_output is not { } output)
        {
            return;
        }
        try
        {
            output.WriteLine($"[{hostName}] {DateTime.UtcNow:HH:mm:ss.fff} {level} {category}: {message}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
        catch (InvalidOperationException)
        {
            // That test has finished; the next one attaches its own output.
            _output = null;
        }
    }

    private sealed class Logger(TestLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
