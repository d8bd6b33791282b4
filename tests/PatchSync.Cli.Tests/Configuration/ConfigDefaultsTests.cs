using PatchSync.Cli.Configuration;

namespace PatchSync.Cli.Tests.Configuration;

public sealed class ConfigDefaultsTests
{
    [Fact]
    public void StateDbPath_AbsoluteXdgStateHome_IsUsed() =>
        Assert.Equal(
            "/var/tmp/xdg-state/pwsync/state.db",
            ConfigDefaults.StateDbPath(name => name switch { "XDG_STATE_HOME" => "/var/tmp/xdg-state", "HOME" => "/home/maint", _ => null }));

    [Fact]
    public void StateDbPath_RelativeXdgStateHome_FallsBackToHome() =>
        Assert.Equal(
            "/home/maint/.local/state/pwsync/state.db",
            ConfigDefaults.StateDbPath(name => name switch { "XDG_STATE_HOME" => "relative/ignored", "HOME" => "/home/maint", _ => null }));
}
