using System.Security.Cryptography;
using System.Text;

namespace PawfectLive.Contracts;

public static class EventIds
{
    /// <summary>
    /// A stable id for a LiveKit webhook event: the first 16 bytes of SHA-256 over its id, marked as an RFC 9562
    /// version 8 (custom) UUID. The same LiveKit id always gives the same Guid.
    /// </summary>
    public static Guid FromWebhook(string webhookEventId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("livekit-webhook:" + webhookEventId), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
