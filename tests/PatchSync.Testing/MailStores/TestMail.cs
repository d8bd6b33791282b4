using System.Globalization;
using System.Text;

namespace PatchSync.Testing.MailStores;

/// <summary>Builds small RFC 5322 messages for seeding test mail stores.</summary>
public static class TestMail
{
    /// <summary>A plain-text message with the given Message-ID (without angle brackets).</summary>
    public static string Create(string messageId, string subject = "[PATCH] test", int number = 0)
    {
        var sb = new StringBuilder();
        sb.Append("From: Dev <dev@example.invalid>\n");
        sb.Append("To: list@example.invalid\n");
        sb.Append(CultureInfo.InvariantCulture, $"Subject: {subject}\n");
        sb.Append(CultureInfo.InvariantCulture, $"Date: Tue, 25 Nov 2025 10:{number / 60 % 60:00}:{number % 60:00} +0000\n");
        sb.Append(CultureInfo.InvariantCulture, $"Message-ID: <{messageId}>\n");
        sb.Append("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Patch body {number}.\n");
        return sb.ToString();
    }
}
