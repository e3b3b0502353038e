namespace PawfectLive.FunctionalTests;

/// <summary>
/// Every test of this project has a time limit: a test that hangs (a host that never stops, a broker that never
/// answers) fails alone with xunit's timeout and the project goes on. These attributes stand in for xunit's own
/// <c>[Fact]</c> and <c>[Theory]</c> in this project's namespaces (they are found before the global <c>using Xunit</c>);
/// a test that needs longer says so with <c>Timeout</c>. xunit times out only async tests, so a synchronous test uses
/// <c>[Xunit.Fact]</c>. The test command's hang guard (scripts/test.sh) is the backstop for hangs outside a test body.
/// </summary>
internal static class TestTimeouts
{
    public const int Default = 5 * 60 * 1000;
}

/// <inheritdoc cref="TestTimeouts"/>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute() => Timeout = TestTimeouts.Default;
}

/// <inheritdoc cref="TestTimeouts"/>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute() => Timeout = TestTimeouts.Default;
}
