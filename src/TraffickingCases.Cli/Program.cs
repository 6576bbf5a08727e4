namespace TraffickingCases.Cli;

internal static class Program
{
    private static Task<int> Main(string[] args) => TcCommands.RunAsync(args, Console.Out, Console.Error);
}
