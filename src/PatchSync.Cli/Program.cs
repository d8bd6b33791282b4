// pwsync: written with the sync engine work (issue 5).
Console.Error.WriteLine("pwsync: not built yet");
return 2;
