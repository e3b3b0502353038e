namespace PawfectLive.TestInfrastructure;

/// <summary>Finds files of this repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scripts => Path.Combine(Root, "scripts");

    public static string JsConformance => Path.Combine(Root, "tests", "js-conformance");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PawfectLive.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"PawfectLive.sln not found above {AppContext.BaseDirectory}.");
    }
}
