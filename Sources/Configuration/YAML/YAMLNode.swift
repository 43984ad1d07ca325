/// One node of a parsed YAML document, with the 1-based line and column where it starts.
///
/// Scalars keep their raw text, style and tag: resolving them to Python-like values is the
/// job of `YAMLScalarResolver`, so that the parser stays a faithful picture of the file.
struct YAMLNode: Sendable {
    /// How a scalar was written in the file.
    enum ScalarStyle: Sendable {
        /// Unquoted: subject to YAML 1.1 implicit typing (`1`, `1.0`, `True`, `null`, `on`).
        case plain
        /// Single- or double-quoted, literal or folded block: always a string unless tagged.
        case quoted
    }

    /// The shape of the node.
    indirect enum Content: Sendable {
        case scalar(text: String, style: ScalarStyle, tag: String?)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    var content: Content
    /// 1-based line of the node's first character.
    var line: Int
    /// 1-based column of the node's first character.
    var column: Int
}
