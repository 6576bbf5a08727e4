namespace TraffickingCases.Cli;

/// <summary>What <c>tc</c>'s exit code means, so a script or a scheduler can tell the cases apart.</summary>
public static class ExitCodes
{
    public const int Succeeded = 0;

    /// <summary>A bad argument, a file with bad rows, or a request refused: the message says what to change.</summary>
    public const int Failed = 1;

    /// <summary>The installation is not ready: no database configured or reachable, or a setting that makes no sense.</summary>
    public const int NotConfigured = 2;

    /// <summary><c>tc verify-audit</c> found a broken entry in the audit trail's hash chain.</summary>
    public const int AuditChainBroken = 3;
}

/// <summary>A failure the operator can fix, reported as one line (exit code 1).</summary>
public sealed class CommandException(string message) : Exception(message);

/// <summary>The audit chain does not verify: exit code 3, so a scheduled check can alert on it.</summary>
public sealed class AuditChainBrokenException(string message) : Exception(message);
