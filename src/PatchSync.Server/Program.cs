using PatchSync.Server.Cli;

// pwsync-server: a Patchwork-compatible tracker (issue 3). The admin commands and `serve` are in Cli/.
return await ServerCommandLine.RunAsync(args);
