import Foundation
import InteractiveShell
import ScriptLanguage

extension Kernel {
    /// `complete_request`: the shell's Tab completion of the word left of `cursor_pos`.
    func complete(_ content: JSONObject) -> JSONObject {
        let (code, cursor) = Self.codeAndCursor(content)
        let before = String(String.UnicodeScalarView(code[..<cursor]))
        let line =
            before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init)
            ?? ""
        let breaks = Set(Completer.wordBreakCharacters.unicodeScalars)
        let tail = line.unicodeScalars.reversed().prefix { !breaks.contains($0) }.reversed()
        // A meta-command is one word, colon included.
        let isMeta = line.hasPrefix(":") && !line.contains(" ")
        let word = isMeta ? line : String(String.UnicodeScalarView(tail))
        let matches = Completer(interpreter: shell.interpreter).candidates(line: line, word: word)
        return [
            "status": "ok", "matches": matches, "cursor_start": cursor - word.unicodeScalars.count,
            "cursor_end": cursor, "metadata": JSONObject(),
        ]
    }

    /// `inspect_request`: the shell's `help` for the (dotted) name under the cursor.
    func inspect(_ content: JSONObject) -> JSONObject {
        let (code, cursor) = Self.codeAndCursor(content)
        let isNamePart = { (c: Unicode.Scalar) in
            CharacterSet.alphanumerics.contains(c) || c == "_" || c == "."
        }
        var start = cursor
        var end = cursor
        while start > 0, isNamePart(code[start - 1]) { start -= 1 }
        while end < code.count, isNamePart(code[end]), code[end] != "." { end += 1 }
        if start == 1, code[0] == ":" { start = 0 }
        let name = String(String.UnicodeScalarView(code[start..<end])).trimmingCharacters(
            in: CharacterSet(charactersIn: "."))
        let root = String(name.prefix { $0 != "." })
        let known =
            !name.isEmpty
            && (shell.interpreter.global(root) != nil
                || shell.interpreter.hostType(named: root) != nil
                || Shell.metaCommands.contains { $0.name == root })
        guard known else {
            return ["status": "ok", "found": false, "data": JSONObject(), "metadata": JSONObject()]
        }
        let text = shell.helpLines(name).joined(separator: "\n")
        return [
            "status": "ok", "found": true, "data": ["text/plain": text], "metadata": JSONObject(),
        ]
    }

    /// `is_complete_request`: whether Enter should run the input or continue it, as the shell's
    /// continuation prompt decides.
    func isComplete(_ content: JSONObject) -> JSONObject {
        let code = content["code"] as? String ?? ""
        if !code.hasPrefix(":"), Parser.isIncomplete(code) {
            return ["status": "incomplete", "indent": "    "]
        }
        return ["status": "complete"]
    }

    /// The request's code as Unicode scalars (Jupyter counts cursor positions in code points)
    /// and the cursor, clamped to the code.
    private static func codeAndCursor(_ content: JSONObject) -> ([Unicode.Scalar], Int) {
        let code = Array((content["code"] as? String ?? "").unicodeScalars)
        let cursor =
            (content["cursor_pos"] as? Int).map { min(max($0, 0), code.count) } ?? code.count
        return (code, cursor)
    }
}
