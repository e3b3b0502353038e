using PawfectLive.Streams;

namespace PawfectLive.FunctionalTests.Streams;

/// <summary>The real Streams service on a real RabbitMQ, its embedded store in a temp file, LiveKit as a Twirp double.</summary>
public sealed class StreamsApp(string rabbitMqConnectionString, LiveKitTwirpDouble liveKit, IDictionary<string, string?>? settings = null)
    : ServiceHost<StreamsOptions>("streams", With(Defaults(rabbitMqConnectionString, liveKit, DataDirectory.Create()), settings))
{
    private static Dictionary<string, string?> Defaults(string rabbitMq, LiveKitTwirpDouble liveKit, string dataDirectory) =>
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = rabbitMq,
            ["LiveKit:Url"] = liveKit.Url,
            ["LiveKit:ApiKey"] = liveKit.ApiKey,
            ["LiveKit:ApiSecret"] = liveKit.ApiSecret,
            ["LiveKit:RequestTimeout"] = "00:00:01",
            ["Streams:EmbeddedDatabasePath"] = Path.Combine(dataDirectory, "streams.db"),
            ["Streams:StartCooldown"] = "00:00:00",
            ["Streams:StartsPerWindow"] = "1000",
            // The LiveKit double has no rooms unless a test adds them; tests that reconcile switch it on.
            ["Streams:Reconciliation:Enabled"] = "false",
            ["Streams:LiveKitRetryDelays:0"] = "00:00:00.200",
            ["Streams:LiveKitRetryDelays:1"] = "00:00:00.500",
            ["Streams:LiveKitRetryDelays:2"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:3"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:4"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:5"] = "00:00:01",
            ["Streams:LiveKitRetryDelays:6"] = "00:00:01",
        };

    /// <summary>Temp folders of the embedded stores, removed when the test process ends.</summary>
    private static class DataDirectory
    {
        private static readonly List<string> Created = [];

        static DataDirectory() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var directory in Created)
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        };

        public static string Create()
        {
            var directory = Directory.CreateTempSubdirectory("pawfect-streams-").FullName;
            lock (Created)
            {
                Created.Add(directory);
            }
            return directory;
        }
    }
}
