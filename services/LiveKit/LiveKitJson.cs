using System.Text.Json;
using System.Text.Json.Serialization;

namespace PawfectLive.LiveKit;

internal static class LiveKitJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
