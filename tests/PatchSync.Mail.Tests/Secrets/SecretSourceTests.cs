using PatchSync.Mail.Secrets;
using PatchSync.Testing;
using Xunit;

namespace PatchSync.Mail.Tests.Secrets;

public sealed class SecretSourceTests
{
    [Fact]
    public async Task ResolveAsync_EachSource_ReadsThePassword()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("pw"), "from-file\nsecond line\n");
        Environment.SetEnvironmentVariable("PWSYNC_TEST_SECRET_SOURCE", "from-env");

        Assert.Equal("from-file", await new SecretSource(File: dir.File("pw")).ResolveAsync());
        Assert.Equal("from-env", await new SecretSource(EnvironmentVariable: "PWSYNC_TEST_SECRET_SOURCE").ResolveAsync());
        Assert.Equal("from command", await new SecretSource(Command: "printf 'from command\\n'").ResolveAsync());
    }

    [Fact]
    public async Task ResolveAsync_FailingSources_SayWhichWithoutTheSecret()
    {
        var command = await Assert.ThrowsAsync<InvalidOperationException>(() => new SecretSource(Command: "echo hunter2; exit 3").ResolveAsync());
        var env = await Assert.ThrowsAsync<InvalidOperationException>(() => new SecretSource(EnvironmentVariable: "PWSYNC_TEST_UNSET_VARIABLE").ResolveAsync());
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => new SecretSource().ResolveAsync());

        Assert.Equal("password_command exited with code 3", command.Message);
        Assert.Contains("PWSYNC_TEST_UNSET_VARIABLE", env.Message, StringComparison.Ordinal);
        Assert.Contains("exactly one", none.Message, StringComparison.Ordinal);
    }
}
