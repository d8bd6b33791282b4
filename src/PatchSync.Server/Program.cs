// pwsync-server: written with the server work (issue 3).
Console.Error.WriteLine("pwsync-server: not built yet");
return 2;
