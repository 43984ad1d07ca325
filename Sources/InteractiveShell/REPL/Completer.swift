import Foundation
import ScriptLanguage

/// Tab completion for the shell: meta-commands, globals, members of the value before a dot,
/// keyword names of the function being called, and file paths inside strings.
public struct Completer {
    /// The characters that end the word being completed (the line editor's and the kernel's).
    public static let wordBreakCharacters = " \t\n\"'([{,=+-*/%<>;:"

    private let currentInterpreter: () -> Interpreter
    private var interpreter: Interpreter { currentInterpreter() }

    /// Completes against `interpreter`.
    public init(interpreter: Interpreter) {
        currentInterpreter = { interpreter }
    }

    /// Completes against whatever interpreter the shell holds now (`:reset` replaces it).
    init(shellInterpreter: @escaping () -> Interpreter) {
        currentInterpreter = shellInterpreter
    }

    /// Candidates replacing `word`, the text left of the cursor back to the previous break
    /// character; `line` is the whole line left of the cursor.
    public func candidates(line: String, word: String) -> [String] {
        if let path = stringPrefix(of: line) { return paths(completing: path) }
        if line.hasPrefix(":") && !line.contains(" ") {
            return Shell.metaCommands.map(\.name).filter { $0.hasPrefix(word) }
        }
        if line.hasPrefix(":help ") {
            return interpreter.globalNames.filter { $0.hasPrefix(word) }.sorted()
        }
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            let partial = String(word[word.index(after: dot)...])
            guard let value = evaluate(base) else { return [] }
            return interpreter.memberNames(of: value).filter { $0.hasPrefix(partial) }.map { "\(base).\($0)" }
        }
        var names = interpreter.globalNames.filter {
            $0.hasPrefix(word) && !$0.hasPrefix("_") || (word.hasPrefix("_") && $0.hasPrefix(word))
        }
        if let function = calledFunction(in: line) {
            names = keywordNames(of: function).filter { $0.hasPrefix(word) }.map { "\($0):" } + names
        }
        names += Keyword.allCases.map(\.rawValue).filter { $0.hasPrefix(word) && !word.isEmpty }
        return Array(NSOrderedSet(array: names)).compactMap { $0 as? String }
    }

    /// The text of the string being typed at the end of `line`, if the cursor is inside one.
    func stringPrefix(of line: String) -> String? {
        var quote: Character?
        var start = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            let c = line[index]
            if let q = quote {
                if c == "\\" { index = line.index(after: index) } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
                start = line.index(after: index)
            } else if c == "#" {
                return nil
            }
            if index < line.endIndex { index = line.index(after: index) }
        }
        return quote == nil ? nil : String(line[start...])
    }

    func paths(completing prefix: String) -> [String] {
        let expanded = (prefix as NSString).expandingTildeInPath
        let directory = prefix.hasSuffix("/") ? expanded : (expanded as NSString).deletingLastPathComponent
        let partial = prefix.hasSuffix("/") ? "" : (prefix as NSString).lastPathComponent
        let shownDirectory = prefix.hasSuffix("/") ? prefix : String(prefix.dropLast(partial.count))
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        return entries.filter { $0.hasPrefix(partial) && (!$0.hasPrefix(".") || partial.hasPrefix(".")) }.sorted().map {
            entry in
            var isDirectory: ObjCBool = false
            let full = ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(entry)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            return shownDirectory + entry + (isDirectory.boolValue ? "/" : "")
        }
    }

    /// The value of a dotted name path (`run.losses`), read without running any code.
    func evaluate(_ path: String) -> Value? {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, var value = interpreter.global(first) else { return nil }
        for part in parts.dropFirst() {
            switch value {
            case .host(let object):
                guard let next = try? object.attribute(part) else { return nil }
                value = next
            case .dictionary(let d):
                guard let next = d[string: part] else { return nil }
                value = next
            default:
                return nil
            }
        }
        return value
    }

    /// The name of the function whose argument list the cursor is in (`f(a, ep` → `f`).
    func calledFunction(in line: String) -> Value? {
        var depth = 0
        var index = line.endIndex
        while index > line.startIndex {
            index = line.index(before: index)
            switch line[index] {
            case ")", "]", "}": depth += 1
            case "[", "{": depth -= 1
            case "(":
                if depth == 0 {
                    let before = line[..<index]
                    let name = before.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
                    return evaluate(String(name.reversed()))
                }
                depth -= 1
            default: break
            }
            if depth < 0 { return nil }
        }
        return nil
    }

    func keywordNames(of function: Value) -> [String] {
        switch function {
        case .native(let f): return f.parameters.map(\.name)
        case .method(let m): return m.function.parameters.map(\.name)
        case .function(let f): return f.declaration.parameters.map(\.name)
        default: return []
        }
    }
}
