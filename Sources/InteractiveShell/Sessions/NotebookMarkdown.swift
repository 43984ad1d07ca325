/// The notebook as Markdown a person reads: each cell's input as code, its output as text,
/// the pictures it made, and what the session could not save.
enum NotebookMarkdown {
    static func render(name: String, cells: [NotebookCell], pictures: [Int: [String]], unsaved: [[String: String]])
        -> String
    {
        var lines = ["# AIRS session \(name)", ""]
        for cell in cells {
            lines.append("## In [\(cell.number)]\(cell.failed ? " (error)" : "")")
            lines.append("")
            lines += ["```python", cell.input.trimmingTrailingNewlines(), "```", ""]
            if !cell.output.isEmpty {
                lines += ["```text"] + cell.output + ["```", ""]
            }
            for picture in pictures[cell.number] ?? [] { lines += ["![\(picture)](\(picture))", ""] }
        }
        if !unsaved.isEmpty {
            lines += ["## Not saved", ""]
            for entry in unsaved {
                lines.append("- `\(entry["name"] ?? "?")` (\(entry["type"] ?? "?")): \(entry["reason"] ?? "")")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
