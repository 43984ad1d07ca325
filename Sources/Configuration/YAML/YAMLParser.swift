import CYAML

/// Builds a `YAMLNode` tree from YAML text with libyaml's event parser.
///
/// Follows PyYAML `safe_load` on the structure: one document at most (an empty stream is
/// `nil`), anchors and aliases resolved, a later duplicate mapping key wins.
struct YAMLParser {
    /// The file name used in error messages.
    let file: String

    /// Parses `text`; returns `nil` for an empty stream (PyYAML's `None`).
    func parse(_ text: String) throws(ConfigError) -> YAMLNode? {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(ConfigError) -> YAMLNode? in
            // libyaml's parser must not move while in use, so it lives on the heap.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else {
                throw ConfigError.malformedYAML(file: file, line: 0, column: 0, problem: "libyaml could not start")
            }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var reader = EventReader(file: file, parser: parser)
            return try reader.readStream()
        }
    }
}

/// Pulls events one at a time and assembles nodes recursively.
private struct EventReader {
    let file: String
    let parser: UnsafeMutablePointer<yaml_parser_t>
    var anchors: [String: YAMLNode] = [:]

    init(file: String, parser: UnsafeMutablePointer<yaml_parser_t>) {
        self.file = file
        self.parser = parser
    }

    /// One event, copied out of libyaml's buffers so it can be freed at once.
    struct Event {
        var type: yaml_event_type_t
        var line: Int
        var column: Int
        var anchor: String?
        var tag: String?
        var text: String
        var style: yaml_scalar_style_t
    }

    mutating func next() throws(ConfigError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parseError() }
        defer { yaml_event_delete(&event) }
        var result = Event(
            type: event.type, line: Int(event.start_mark.line) + 1,
            column: Int(event.start_mark.column) + 1, anchor: nil, tag: nil,
            text: "", style: YAML_ANY_SCALAR_STYLE)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            result.anchor = string(scalar.anchor)
            result.tag = string(scalar.tag)
            if let value = scalar.value {
                let buffer = UnsafeBufferPointer(start: value, count: scalar.length)
                result.text = String(decoding: buffer, as: UTF8.self)
            }
            result.style = scalar.style
        case YAML_ALIAS_EVENT:
            result.anchor = string(event.data.alias.anchor)
        case YAML_SEQUENCE_START_EVENT:
            result.anchor = string(event.data.sequence_start.anchor)
            result.tag = string(event.data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT:
            result.anchor = string(event.data.mapping_start.anchor)
            result.tag = string(event.data.mapping_start.tag)
        default:
            break
        }
        return result
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private func parseError() -> ConfigError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = state.context {
            message =
                "\(problem) (\(String(cString: context)) at line \(state.context_mark.line + 1), "
                + "column \(state.context_mark.column + 1))"
        }
        return .malformedYAML(
            file: file, line: Int(state.problem_mark.line) + 1,
            column: Int(state.problem_mark.column) + 1, problem: message)
    }

    mutating func readStream() throws(ConfigError) -> YAMLNode? {
        _ = try next()  // stream start
        var document: YAMLNode?
        var event = try next()
        while event.type == YAML_DOCUMENT_START_EVENT {
            if document != nil {
                throw ConfigError.malformedYAML(
                    file: file, line: event.line, column: event.column,
                    problem: "expected a single document in the stream, found a second one")
            }
            document = try readNode(try next())
            _ = try next()  // document end
            event = try next()
        }
        return document
    }

    /// The pairs a `<<: *anchor` (or `<<: [*a, *b]`, earlier anchors winning) merge key brings in.
    private func mergeKeyPairs(_ value: YAMLNode) throws(ConfigError) -> [(key: YAMLNode, value: YAMLNode)] {
        switch value.content {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items):
            var result: [(key: YAMLNode, value: YAMLNode)] = []
            for item in items.reversed() { result += try mergeKeyPairs(item) }
            return result
        case .scalar:
            throw ConfigError.malformedYAML(
                file: file, line: value.line, column: value.column,
                problem: "a merge key (<<) expects a mapping or a list of mappings")
        }
    }

    mutating func readNode(_ event: Event) throws(ConfigError) -> YAMLNode {
        var node: YAMLNode
        switch event.type {
        case YAML_ALIAS_EVENT:
            guard let anchor = event.anchor, let target = anchors[anchor] else {
                throw ConfigError.malformedYAML(
                    file: file, line: event.line, column: event.column,
                    problem: "found undefined alias '\(event.anchor ?? "")'")
            }
            return target
        case YAML_SCALAR_EVENT:
            let plain = event.style == YAML_PLAIN_SCALAR_STYLE || event.style == YAML_ANY_SCALAR_STYLE
            let tag = event.tag == "!" ? "tag:yaml.org,2002:str" : event.tag
            node = YAMLNode(
                content: .scalar(text: event.text, style: plain ? .plain : .quoted, tag: tag),
                line: event.line, column: event.column)
        case YAML_SEQUENCE_START_EVENT:
            var items: [YAMLNode] = []
            var item = try next()
            while item.type != YAML_SEQUENCE_END_EVENT {
                items.append(try readNode(item))
                item = try next()
            }
            node = YAMLNode(content: .sequence(items), line: event.line, column: event.column)
        case YAML_MAPPING_START_EVENT:
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var merged: [(key: YAMLNode, value: YAMLNode)] = []
            var keyEvent = try next()
            while keyEvent.type != YAML_MAPPING_END_EVENT {
                let key = try readNode(keyEvent)
                let value = try readNode(try next())
                if case .scalar("<<", .plain, nil) = key.content {
                    merged += try mergeKeyPairs(value)
                } else {
                    pairs.append((key, value))
                }
                keyEvent = try next()
            }
            // Merged pairs come first so that the mapping's own keys win, as in PyYAML.
            node = YAMLNode(content: .mapping(merged + pairs), line: event.line, column: event.column)
        default:
            throw ConfigError.malformedYAML(
                file: file, line: event.line, column: event.column,
                problem: "unexpected YAML event")
        }
        if let anchor = event.anchor { anchors[anchor] = node }
        return node
    }
}
