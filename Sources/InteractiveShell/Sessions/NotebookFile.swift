import Foundation

/// Jupyter's `.ipynb` (nbformat 4.5) both ways: `airs run`, `airs check` and `:run` read the code
/// cells of an AIRS notebook as one script; `:save` writes the session's cells as a notebook
/// with their printed text, values, errors and the pictures they wrote.
public enum NotebookFile {
    /// The `language_info` of AIRS notebooks (and of the kernel): `.airs` files, highlighted as
    /// Python, whose comments, strings and keywords AIRS shares.
    public static var languageInfo: [String: String] {
        [
            "name": "airs", "version": "1", "mimetype": "text/x-airs", "file_extension": ".airs",
            "codemirror_mode": "python", "pygments_lexer": "python",
        ]
    }

    /// Whether `path` names a notebook rather than a script.
    static func isNotebook(_ path: String) -> Bool { path.lowercased().hasSuffix(".ipynb") }

    /// The code cells of the notebook `data` (read from `path`) as one script, each cell after a
    /// `# %% cell N` line so that diagnostics name the cell.
    static func script(from data: Data, path: String) throws(ShellError) -> String {
        guard let notebook = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let cells = notebook["cells"] as? [[String: Any]]
        else {
            throw .badNotebook(path: path, reason: "it is not notebook JSON with a \"cells\" list")
        }
        let metadata = notebook["metadata"] as? [String: Any]
        let language =
            (metadata?["kernelspec"] as? [String: Any])?["language"] as? String
            ?? (metadata?["language_info"] as? [String: Any])?["name"] as? String
        if let language, language != "airs" {
            throw .badNotebook(path: path, reason: "it is a \(language) notebook, not an AIRS one")
        }
        var parts: [String] = []
        for (index, cell) in cells.enumerated() where cell["cell_type"] as? String == "code" {
            let source = (cell["source"] as? String) ?? (cell["source"] as? [String])?.joined()
            guard let source else {
                throw .badNotebook(path: path, reason: "cell \(index + 1) has no source text")
            }
            parts.append("# %% cell \(index + 1)\n" + source)
        }
        return parts.joined(separator: "\n")
    }

    /// The notebook of `cells`; `pictures` are each cell's PNGs, relative to `folder`.
    static func render(cells: [NotebookCell], pictures: [Int: [String]], folder: URL) -> Data {
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "airs", "display_name": "AIRS", "language": "airs"],
                "language_info": languageInfo,
            ],
            "cells": cells.map { cell in
                [
                    "cell_type": "code", "id": "cell-\(cell.number)",
                    "execution_count": cell.number,
                    "metadata": [String: Any](), "source": cell.input,
                    "outputs": outputs(of: cell)
                        + (pictures[cell.number] ?? []).compactMap { picture in
                            display(folder.appendingPathComponent(picture))
                        },
                ] as [String: Any]
            },
        ]
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys]
        return (try? JSONSerialization.data(withJSONObject: notebook, options: options)) ?? Data()
    }

    /// Printed lines as a stream, then the value (`Out[n]: …`) or the error the cell ended in.
    private static func outputs(of cell: NotebookCell) -> [[String: Any]] {
        var lines = cell.output
        var last: [String: Any]?
        if cell.failed, let error = lines.popLast() {
            let traceback = error.components(separatedBy: "\n")
            last = [
                "output_type": "error", "ename": "AIRSError", "evalue": traceback[0],
                "traceback": traceback,
            ]
        } else if let shown = lines.last, shown.hasPrefix("Out[\(cell.number)]: ") {
            lines.removeLast()
            last = [
                "output_type": "execute_result", "execution_count": cell.number,
                "metadata": [String: Any](),
                "data": ["text/plain": String(shown.dropFirst("Out[\(cell.number)]: ".count))],
            ]
        }
        var outputs: [[String: Any]] = []
        if !lines.isEmpty {
            outputs.append([
                "output_type": "stream", "name": "stdout", "text": lines.map { $0 + "\n" }.joined(),
            ])
        }
        return outputs + (last.map { [$0] } ?? [])
    }

    private static func display(_ file: URL) -> [String: Any]? {
        guard let png = try? Data(contentsOf: file) else { return nil }
        return [
            "output_type": "display_data", "metadata": [String: Any](),
            "data": [
                "image/png": png.base64EncodedString(),
                "text/plain": "<picture \(file.lastPathComponent)>",
            ],
        ]
    }
}
