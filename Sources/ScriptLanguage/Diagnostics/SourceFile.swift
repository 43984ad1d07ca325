/// A named source text split into lines, so diagnostics can quote the offending line.
public struct SourceFile: Sendable {
    /// The name shown in diagnostics: a path, `<shell>` or `<string>`.
    public let name: String
    /// The full text.
    public let text: String
    private let lines: [Substring]

    /// Wraps `text` under `name`.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line `number` without its newline, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var line = lines[number - 1]
        if line.last == "\r" { line = line.dropLast() }
        return String(line)
    }
}
