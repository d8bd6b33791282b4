using PatchSync.Cli.Commands;
using PatchSync.Cli.Running;

// pwsync: keeps Patchwork patch states and mail tags in step. See docs/cli.md.
return await PwsyncCommand.RunAsync(args, CliConsole.System, CancellationToken.None);
