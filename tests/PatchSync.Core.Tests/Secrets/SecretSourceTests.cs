using PatchSync.Core.Secrets;
using PatchSync.Testing;
using Xunit;

namespace PatchSync.Core.Tests.Secrets;

public sealed class SecretSourceTests
{
    [Fact]
    public async Task ReadAsync_EachSource_ReadsTheFirstLine()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("pw"), "from-file\r\nsecond line\n");
        Environment.SetEnvironmentVariable("PWSYNC_TEST_SECRET_SOURCE", "from-env");

        Assert.Equal("from-file", await new SecretSource(SecretSourceKind.File, dir.File("pw")).ReadAsync("password", default));
        Assert.Equal("from-env", await new SecretSource(SecretSourceKind.Environment, "PWSYNC_TEST_SECRET_SOURCE").ReadAsync("password", default));
        Assert.Equal("from command", await new SecretSource(SecretSourceKind.Command, "printf 'from command\\n'").ReadAsync("password", default));
        Assert.Equal("inline", await new SecretSource(SecretSourceKind.Inline, "inline").ReadAsync("token", default));
    }

    [Fact]
    public async Task ReadAsync_FailingSources_SayWhichWithoutTheSecret()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("empty"), "\n");
        var command = await Assert.ThrowsAsync<SecretException>(() => new SecretSource(SecretSourceKind.Command, "echo hunter2; exit 3").ReadAsync("password", default));
        var env = await Assert.ThrowsAsync<SecretException>(() => new SecretSource(SecretSourceKind.Environment, "PWSYNC_TEST_UNSET_VARIABLE").ReadAsync("password", default));
        var missing = await Assert.ThrowsAsync<SecretException>(() => new SecretSource(SecretSourceKind.File, dir.File("missing")).ReadAsync("trackers.pw.token", default));
        var empty = await Assert.ThrowsAsync<SecretException>(() => new SecretSource(SecretSourceKind.File, dir.File("empty")).ReadAsync("password", default));

        Assert.Equal("password_command exited with code 3", command.Message);
        Assert.Equal("password_env: environment variable PWSYNC_TEST_UNSET_VARIABLE is not set", env.Message);
        Assert.StartsWith("trackers.pw.token_file: cannot read ", missing.Message, StringComparison.Ordinal);
        Assert.Equal($"password: file {dir.File("empty")} gave an empty value", empty.Message);
    }
}
