import Foundation
import ScriptLanguage

extension Shell {
    /// The meta-commands with their one-line docs, for `:help` and completion.
    public static let metaCommands: [(name: String, doc: String)] = [
        (":help", ":help [name] — what a function, type or meta-command does"),
        (":vars", ":vars — every variable with its type, shape or size, and memory"),
        (":time", ":time EXPR — runs EXPR and shows how long it took"),
        (":history", ":history — the inputs of this session"),
        (":save", ":save NAME — writes the notebook and state to Sessions/NAME/"),
        (":load", ":load NAME — restores Sessions/NAME/"),
        (":reset", ":reset — forgets every variable"),
        (":run", ":run FILE — runs a script's cells in this session"),
        (":quit", ":quit — leaves the shell (saving the session)"),
    ]

    func runMetaCommand(_ line: String) {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let command = parts[0]
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch command {
        case ":help": help(argument)
        case ":vars": showVariables()
        case ":time": time(argument)
        case ":history":
            for cell in cells { say("\(cell.number): \(cell.input)") }
        case ":save": save(argument)
        case ":load": load(argument)
        case ":reset":
            reset()
            say("state cleared")
        case ":run": runFile(argument)
        case ":quit", ":q", ":exit": quit()
        default:
            let names = Self.metaCommands.map(\.name)
            let hint = Suggestion.nearest(to: command, in: names).map { "; did you mean '\($0)'?" } ?? ""
            say("unknown meta-command '\(command)'\(hint) (:help lists them)")
        }
    }

    private func help(_ topic: String) {
        if topic.isEmpty {
            say("Meta-commands:")
            for command in Self.metaCommands { say("  \(command.doc)") }
            say("help() lists every function; help(name) or :help name describes one.")
            return
        }
        for line in helpLines(topic) { say(line) }
    }

    /// What `:help topic` shows: a meta-command's doc, or the help of a global, a dotted path
    /// (`run.losses`) or a type name. A kernel's inspect request shows the same.
    public func helpLines(_ topic: String) -> [String] {
        if let command = Self.metaCommands.first(where: { $0.name == topic || $0.name == ":" + topic }) {
            return [command.doc]
        }
        if let dot = topic.lastIndex(of: "."),
            let base = Completer(interpreter: interpreter).evaluate(String(topic[..<dot])),
            let value = interpreter.member(String(topic[topic.index(after: dot)...]), of: base)
        {
            return interpreter.helpLines(for: value)
        }
        return interpreter.helpLines(for: .string(topic))
    }

    private func showVariables() {
        let names = interpreter.variableNames
        guard !names.isEmpty else {
            say("no variables")
            return
        }
        let rows = names.map { name -> [String] in
            let value = interpreter.global(name) ?? .nil
            return [name, value.typeName, VariableSummary.shapeOrSize(of: value), VariableSummary.memory(of: value)]
        }
        for line in VariableSummary.table(header: ["name", "type", "shape/size", "memory"], rows: rows) { say(line) }
    }

    private func time(_ expression: String) {
        guard !expression.isEmpty else {
            say(":time needs an expression, as in :time sum(range(1000))")
            return
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = runCode(expression)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if result.error == nil { say("time: \(VariableSummary.duration(seconds))") }
    }

    private func save(_ name: String) {
        do {
            let name = try SessionStore.validated(name.isEmpty ? (sessionName ?? "") : name)
            let saved = try SessionStore(folder: sessionsFolder).save(self, as: name)
            setSessionName(name)
            let size = VariableSummary.bytes(saved.bytes)
            let path = sessionsFolder.appendingPathComponent(name).path
            say("saved session '\(name)' to \(path) (\(size) on disk)")
            for line in saved.shared { say("  shared: \(line)") }
            for line in saved.teachers { say("  teacher: \(line)") }
            for line in saved.unsaved { say("  not saved: \(line)") }
        } catch {
            say("\(error)")
        }
    }

    private func load(_ name: String) {
        do {
            let name = try SessionStore.validated(name)
            let session = try SessionStore(folder: sessionsFolder).load(name)
            adopt(session, name: name)
            say("loaded session '\(name)': \(session.variables.count) variables, \(session.cells.count) cells")
            for note in session.notes { say("  note: \(note)") }
        } catch {
            say("\(error)")
        }
    }

    private func runFile(_ path: String) {
        guard !path.isEmpty else {
            say(":run needs a file, as in :run Scripts/demo.airs")
            return
        }
        switch ScriptRunner.read(path) {
        case .failure(let error): say("\(error)")
        case .success(let source):
            interpreter.runCells(source: source, file: path) { result in
                if let error = result.error {
                    say(error.description)
                } else if let value = result.value {
                    say(value.repr)
                }
            }
        }
    }
}
