extension Config {
    /// A human-readable listing of the resolved config (for `airs config show`): the tree with
    /// Python-style values; a value that differs from its default is followed by where it
    /// was set (`# CUB200/D3.yaml:27:9`). `onlyChanged` lists only those.
    public func show(onlyChanged: Bool = false) -> String {
        let changed = Set(changedKeys)
        var lines: [String] = []
        // Section headers are printed only once a leaf below them is printed.
        var headers: [(text: String, printed: Bool)] = []
        var path: [String] = []
        renderTree { depth, name, value in
            path = Array(path.prefix(depth)) + [name]
            let indent = String(repeating: "  ", count: depth)
            guard let value else {
                headers = Array(headers.prefix(depth)) + [("\(indent)\(name):", false)]
                return
            }
            let key = path.joined(separator: ".")
            let isChanged = changed.contains(key)
            if onlyChanged && !isChanged { return }
            for index in headers.indices.prefix(depth) where !headers[index].printed {
                lines.append(headers[index].text)
                headers[index].printed = true
            }
            var line = "\(indent)\(name): \(value.pythonLiteral)"
            if isChanged, let source = sources[key] {
                line = line.padding(toLength: 48) + "  # \(source)"
            }
            lines.append(line)
        }
        if lines.isEmpty { return "(every key has its default value)\n" }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
