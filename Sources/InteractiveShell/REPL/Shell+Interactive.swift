import Foundation
import ScriptLanguage
import Training

extension Shell {
    /// `~/.airs_history`, or `$AIRS_HISTORY`.
    static func historyFile() -> String {
        if let path = ProcessInfo.processInfo.environment["AIRS_HISTORY"], !path.isEmpty { return path }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".airs_history")
    }

    /// The read–eval–print loop on the terminal; returns the exit code. Ctrl-D or `:quit` leave
    /// (saving the session), Ctrl-C clears the line or interrupts the running input.
    public func runInteractive(session: String?) -> Int32 {
        InterruptFlag.installForShell()
        let editor = LineEditor(
            historyFile: Self.historyFile(),
            completer: Completer(shellInterpreter: { [unowned self] in self.interpreter }))
        write("AIRS shell — :help for commands, Ctrl-D to leave")
        if let session { handle(":load \(session)") }
        while !wantsToQuit {
            InterruptFlag.clear()
            guard let first = editor.readLine(prompt: prompt) else {
                if InterruptFlag.isRequested { continue }
                write("")
                break
            }
            if InterruptFlag.isRequested { continue }
            var input = first
            var abandoned = false
            while !input.hasPrefix(":"), Parser.isIncomplete(input) {
                guard let next = editor.readLine(prompt: continuationPrompt) else {
                    abandoned = InterruptFlag.isRequested
                    break
                }
                if InterruptFlag.isRequested {
                    abandoned = true
                    break
                }
                input += "\n" + next
            }
            if abandoned { continue }
            editor.remember(input)
            handle(input)
        }
        autosave()
        return 0
    }
}
