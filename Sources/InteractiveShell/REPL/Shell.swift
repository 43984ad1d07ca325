import Foundation
import ScriptLanguage
import ScriptLibrary
import Training

/// The interactive shell: numbered cells over one interpreter, meta-commands, sessions. The
/// line editor feeds it inputs; `handle` runs one complete input and never ends the shell on an
/// error (the interpreter restores every global after a failing input).
public final class Shell {
    /// The interpreter holding the session's state.
    public private(set) var interpreter: Interpreter
    /// Every input run so far with what it printed, in order (the notebook).
    public private(set) var cells: [NotebookCell] = []
    /// The number the next cell gets (`In [n]`).
    public private(set) var nextCellNumber = 1
    /// The session this shell saves to on exit, if one was loaded or saved.
    public private(set) var sessionName: String?
    /// Where `Sessions/NAME/` folders live.
    public let sessionsFolder: URL
    /// Receives every line the shell shows (results, diagnostics, prints).
    public var write: (String) -> Void
    /// Set by `:quit`.
    public private(set) var wantsToQuit = false
    /// Shows a cell's value; nil writes `Out[n]: repr`. A notebook kernel sends it richly.
    public var showResult: ((_ number: Int, _ value: Value) -> Void)?
    /// Shows a failing cell's diagnostic; nil writes it as a line. A kernel sends an error.
    public var showError: ((String) -> Void)?
    /// Receives the PNG of every picture the library draws (`plot` without `to:` too, instead of
    /// braille); nil in a terminal. Kept across `:reset` and `:load`.
    public var showPicture: (([UInt8]) -> Void)? {
        didSet { interpreter.showPicture = showPicture }
    }
    /// Receives progress lines of a running epoch; nil in a terminal. Kept like `showPicture`.
    public var showProgress: ((String) -> Void)? {
        didSet { interpreter.showProgress = showProgress }
    }
    private var captured: [String] = []

    /// Creates a shell with the whole AIRS library installed.
    public init(sessionsFolder: URL, write: @escaping (String) -> Void = { Swift.print($0) }) {
        self.sessionsFolder = sessionsFolder
        self.write = write
        self.interpreter = Interpreter()
        self.interpreter = makeInterpreter()
    }

    /// `$AIRS_SESSIONS_DIR`, or `Sessions` in the working directory.
    public static func defaultSessionsFolder() -> URL {
        if let path = ProcessInfo.processInfo.environment["AIRS_SESSIONS_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Sessions")
    }

    private func makeInterpreter() -> Interpreter {
        _ = PersistableBindings.registered
        let interpreter = Interpreter(output: { [weak self] line in
            self?.captured.append(line)
            self?.write(line)
        })
        StandardLibrary.install(in: interpreter)
        SessionFunctions.install(
            in: interpreter, folder: { [unowned self] in sessionsFolder }, cells: { [unowned self] in cells })
        interpreter.define("ARGS", .list([]))
        interpreter.shouldInterrupt = { InterruptFlag.isRequested }
        interpreter.showPicture = showPicture
        interpreter.showProgress = showProgress
        return interpreter
    }

    /// The prompt for the next input.
    public var prompt: String { "In [\(nextCellNumber)]: " }

    /// The prompt for a continuation line, aligned with `prompt`.
    public var continuationPrompt: String { String(repeating: " ", count: prompt.count - 5) + "...: " }

    /// Runs one complete input: a meta-command (`:name ...`) or code. Blank input does nothing.
    public func handle(_ input: String) {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        InterruptFlag.clear()
        if trimmed.hasPrefix(":") {
            runMetaCommand(trimmed)
        } else {
            runCode(input)
        }
    }

    /// Runs `source` as cell `In [n]`, showing `Out[n]` if it ends in an expression.
    @discardableResult
    func runCode(_ source: String, file: String = "<shell>") -> CellResult {
        let number = nextCellNumber
        nextCellNumber += 1
        captured = []
        let result = interpreter.run(source: source, file: file)
        var output = captured
        if let error = result.error {
            let text =
                switch error.kind {
                case .limit where InterruptFlag.isRequested:
                    "interrupted (Ctrl-C); state is as before this input"
                case .interrupted: error.message
                default: error.description
                }
            if let showError { showError(text) } else { write(text) }
            output.append(text)
            InterruptFlag.clear()
        } else if let value = result.value {
            let shown = "Out[\(number)]: \(value.repr)"
            if let showResult { showResult(number, value) } else { write(shown) }
            output.append(shown)
            interpreter.define("_", value)
            interpreter.define("_\(number)", value)
        }
        cells.append(NotebookCell(number: number, input: source, output: output, failed: result.error != nil))
        return result
    }

    /// Shows a message as part of the current meta-command's output.
    func say(_ line: String) {
        captured.append(line)
        write(line)
    }

    /// Replaces the state with a fresh interpreter (the cell numbering and notebook restart too).
    func reset() {
        interpreter = makeInterpreter()
        cells = []
        nextCellNumber = 1
    }

    /// Adopts a restored session.
    func adopt(_ session: LoadedSession, name: String) {
        reset()
        for (variable, value) in session.variables { interpreter.setVariable(variable, value) }
        for (variable, value) in session.outputs { interpreter.define(variable, value) }
        cells = session.cells
        nextCellNumber = (session.cells.map(\.number).max() ?? 0) + 1
        sessionName = name
    }

    func setSessionName(_ name: String) { sessionName = name }
    func quit() { wantsToQuit = true }

    /// Saves to the open session, or to one named by the date and time; used on exit.
    public func autosave() {
        guard !cells.isEmpty else { return }
        let name = sessionName ?? Self.dateSessionName()
        do {
            let saved = try SessionStore(folder: sessionsFolder).save(self, as: name)
            let size = VariableSummary.bytes(saved.bytes)
            let path = sessionsFolder.appendingPathComponent(name).path
            write("session saved to \(path) (\(size) on disk)")
            for line in saved.unsaved { write("  not saved: \(line)") }
        } catch {
            write("\(error)")
        }
    }

    static func dateSessionName() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd_HHmmss"
        return formatter.string(from: Date())
    }
}

/// One input of the notebook and what it showed.
public struct NotebookCell: Codable, Equatable {
    /// `In [number]`.
    public var number: Int
    /// The code or meta-command as typed.
    public var input: String
    /// Every line shown: prints, `Out[n]: …`, diagnostics.
    public var output: [String]
    /// Whether the input ended in an error.
    public var failed: Bool
}
