using TraffickingCases.Cli;

return await TcCommands.RunAsync(args, Console.Out, Console.Error);
