namespace PatchSync.Core.Secrets;

/// <summary>How a <see cref="SecretSource"/> gets its value.</summary>
public enum SecretSourceKind
{
    /// <summary>Written in the config itself (<c>token = "..."</c>).</summary>
    Inline,

    /// <summary>The first line of a file (<c>token_file</c>, <c>password_file</c>).</summary>
    File,

    /// <summary>The first line printed by a shell command (<c>token_command</c>, <c>password_command</c>).</summary>
    Command,

    /// <summary>An environment variable (<c>token_env</c>, <c>password_env</c>).</summary>
    Environment,
}
