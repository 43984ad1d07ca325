/// Every `airs` subcommand, one line each (the shell's `run`, `check` and `-c` live in
/// InteractiveShell). Add a command by adding its file and its line here.
public enum CommandRegistry {
    public static let all: [any Command] = [
        InspectCommand(),
    ]
}
