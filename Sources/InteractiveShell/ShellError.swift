/// Everything that can go wrong in the shell outside the language itself: arguments, files and
/// sessions. Language errors stay `ScriptError`s and are rendered as diagnostics.
public enum ShellError: Error, CustomStringConvertible, Equatable {
    /// A script file that cannot be read.
    case unreadableFile(path: String, reason: String)
    /// No session folder of that name.
    case noSuchSession(name: String, path: String)
    /// A session file that is missing or not what the shell wrote.
    case damagedSession(path: String, reason: String)
    /// A session written by a format this shell does not read.
    case unsupportedSessionFormat(path: String, found: Int, supported: Int)
    /// A session name that is not a plain folder name.
    case badSessionName(String)
    /// Writing a session failed.
    case cannotSaveSession(path: String, reason: String)
    /// A `.ipynb` file that is not an AIRS notebook.
    case badNotebook(path: String, reason: String)

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "airs: cannot read '\(path)': \(reason)"
        case .noSuchSession(let name, let path):
            return "no session '\(name)' (looked for \(path)); :save \(name) creates it"
        case .damagedSession(let path, let reason):
            return "session file \(path) is damaged: \(reason); the session was not loaded"
        case .unsupportedSessionFormat(let path, let found, let supported):
            return
                "session \(path) has format version \(found), this AIRS reads version \(supported); the session was not loaded"
        case .badSessionName(let name):
            return "'\(name)' is not a session name: use letters, digits, '-', '_' and '.' (no '/')"
        case .cannotSaveSession(let path, let reason):
            return "cannot save session to \(path): \(reason)"
        case .badNotebook(let path, let reason):
            return "airs: cannot run the notebook '\(path)': \(reason); AIRS runs the code cells of "
                + "notebooks made with the AIRS kernel"
        }
    }
}
