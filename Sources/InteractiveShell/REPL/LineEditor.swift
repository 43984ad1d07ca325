import CEditLine
import Foundation
import ScriptLanguage

/// libedit's readline interface: line editing, persistent history and Tab completion through
/// a `Completer`. libedit calls back through C function pointers, so the completer lives in a
/// process-wide slot; there is one terminal and one editor.
final class LineEditor {
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var matches: [String] = []
    let historyFile: String

    init(historyFile: String, completer: Completer) {
        self.historyFile = historyFile
        Self.completer = completer
        rl_initialize()
        // Quotes stay inside the word so the completer sees that a string is open.
        airs_rl_set_completion({ text, _, _ in LineEditor.complete(text) }, LineEditor.breakCharacters)
        stifle_history(5000)
        _ = read_history(historyFile)
    }

    nonisolated(unsafe) private static let breakCharacters: UnsafePointer<CChar> = {
        let text = Completer.wordBreakCharacters
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: text.utf8.count + 1)
        _ = text.withCString { strcpy(buffer, $0) }
        return UnsafePointer(buffer)
    }()

    /// The user's next line (without newline), or nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Adds a complete input to the history and saves the history file.
    func remember(_ input: String) {
        let line = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.isEmpty else { return }
        add_history(line)
        _ = write_history(historyFile)
    }

    private static func complete(_ text: UnsafePointer<CChar>?) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        airs_rl_completion_over()
        guard let completer, let text else { return nil }
        let word = String(cString: text)
        let point = Int(airs_rl_point())
        let lineBytes =
            airs_rl_line_buffer().map {
                Array(
                    UnsafeBufferPointer(
                        start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0)))
            } ?? []
        let line = String(decoding: lineBytes.prefix(max(0, min(point, lineBytes.count))), as: UTF8.self)
        matches = completer.candidates(line: line, word: word)
        if matches.isEmpty { return nil }
        return rl_completion_matches(text) { _, state in
            let index = Int(state)
            guard index < LineEditor.matches.count else { return nil }
            return strdup(LineEditor.matches[index])
        }
    }
}
