namespace PawfectLive.ServiceDefaults;

/// <summary>The one place problem <c>type</c> URIs are made, so every service answers the same stable values.</summary>
public static class ProblemTypes
{
    public const string Prefix = "https://pawfectlive.dev/problems/";

    public static string For(string kind) => Prefix + kind;
}
