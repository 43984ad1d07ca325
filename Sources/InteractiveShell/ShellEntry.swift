/// What `airs` does when its arguments are not a registered subcommand: the shell, scripts,
/// `-c CODE` and `--session NAME` (filled in by the shell's implementation).
public enum ShellEntry {
    /// Whether these arguments (without the program name) belong to the shell.
    public static func handles(_ arguments: [String]) -> Bool {
        false
    }

    /// Runs the shell or script and returns the exit code.
    public static func run(_ arguments: [String]) -> Int32 {
        0
    }
}
