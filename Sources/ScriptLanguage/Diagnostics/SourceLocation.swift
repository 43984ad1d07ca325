/// A position in a source text: 1-based line and column (columns count characters).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in characters.
    public var column: Int

    /// Creates a location at `line`, `column` (both 1-based).
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, as compilers print it.
    public var description: String { "\(line):\(column)" }

    /// Orders locations by line, then column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A half-open span of source text from `start` up to (not including) `end`.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The first character of the span.
    public var start: SourceLocation
    /// The position just after the last character of the span.
    public var end: SourceLocation

    /// Creates a range from `start` to `end`.
    public init(_ start: SourceLocation, _ end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// A placeholder for errors raised by host code before the interpreter attaches the call's range.
    public static let unknown = SourceRange(SourceLocation(line: 0, column: 0), SourceLocation(line: 0, column: 0))

    /// Whether this is the `unknown` placeholder.
    public var isUnknown: Bool { start.line == 0 }

    /// The smallest range covering both `self` and `other`.
    public func joined(_ other: SourceRange) -> SourceRange {
        if isUnknown { return other }
        if other.isUnknown { return self }
        return SourceRange(min(start, other.start), max(end, other.end))
    }

    /// `line:column`, the start of the span.
    public var description: String { start.description }
}
