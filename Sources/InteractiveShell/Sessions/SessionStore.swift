import Foundation
import ScriptLanguage

/// Saves and restores `Sessions/NAME/`:
/// - `session.json` — format version, the notebook cells, plain variables (tagged JSON, see
///   `ValueCoding`), lists and dicts holding objects (`containers`: the objects by reference),
///   persisted objects by file, and what could not be saved;
/// - `notebook.md` — the same cells for people, with the pictures they made;
/// - `notebook.ipynb` — the same cells as a Jupyter notebook (nbformat 4.5), pictures inline;
/// - `objects/NAME.EXT` — persistable host objects; `pictures/` — PNGs the cells wrote;
/// - `manifest.json` — each file's size and checksum, so a tampered folder is refused.
/// The folder is written under a temporary name and renamed into place.
struct SessionStore {
    /// The version `save` writes and `load` reads.
    static let formatVersion = 1
    /// Where session folders live.
    let folder: URL

    /// `name` if it is a plain folder name.
    static func validated(_ name: String) throws(ShellError) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.isEmpty, !name.hasPrefix("."), name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw .badSessionName(name)
        }
        return name
    }

    func save(_ shell: Shell, as name: String) throws(ShellError) {
        try save(interpreter: shell.interpreter, cells: shell.cells, as: name)
    }

    /// Saves `interpreter`'s variables with the notebook `cells` as session `name`.
    func save(interpreter: Interpreter, cells: [NotebookCell], as name: String) throws(ShellError) {
        let destination = folder.appendingPathComponent(name)
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = folder.appendingPathComponent(".\(name).tmp-\(pid)")
        let old = folder.appendingPathComponent(".\(name).old-\(pid)")
        let files = FileManager.default
        do {
            try? files.removeItem(at: temporary)
            try files.createDirectory(at: temporary, withIntermediateDirectories: true)
            try write(interpreter: interpreter, cells: cells, name: name, into: temporary)
            if files.fileExists(atPath: destination.path) { try files.moveItem(at: destination, to: old) }
            try files.moveItem(at: temporary, to: destination)
            try? files.removeItem(at: old)
        } catch let error as ShellError {
            try? files.removeItem(at: temporary)
            throw error
        } catch {
            try? files.removeItem(at: temporary)
            if files.fileExists(atPath: old.path), !files.fileExists(atPath: destination.path) {
                try? files.moveItem(at: old, to: destination)
            }
            throw .cannotSaveSession(path: destination.path, reason: error.localizedDescription)
        }
    }

    private func write(interpreter: Interpreter, cells notebook: [NotebookCell], name: String, into folder: URL) throws {
        var variables: [[Any]] = []
        var containers: [[Any]] = []
        var objects: [[String: Any]] = []
        var unsaved: [[String: String]] = []
        let objectsFolder = folder.appendingPathComponent("objects")
        for variable in interpreter.variableNames {
            let value = interpreter.global(variable) ?? .nil
            if let json = ValueCoding.encode(value) {
                variables.append([variable, json])
            } else if case .host(let object) = value, let persistable = object as? PersistableHostObject {
                try FileManager.default.createDirectory(at: objectsFolder, withIntermediateDirectories: true)
                let file = "\(variable).\(persistable.persistenceExtension)"
                try persistable.persist(to: objectsFolder.appendingPathComponent(file))
                objects.append(["name": variable, "kind": persistable.persistenceKind, "file": "objects/\(file)"])
            } else if Self.holdsOnlySavableObjects(value) {
                try FileManager.default.createDirectory(at: objectsFolder, withIntermediateDirectories: true)
                var count = 0
                let json = try ValueCoding.encode(value) { object throws -> Any? in
                    guard let persistable = object as? PersistableHostObject else { return nil }
                    // Identifiers have no '-', so these names never meet a variable's file.
                    let file = "\(variable)-\(count).\(persistable.persistenceExtension)"
                    count += 1
                    try persistable.persist(to: objectsFolder.appendingPathComponent(file))
                    return ["o", persistable.persistenceKind, "objects/\(file)"]
                }
                containers.append([variable, json ?? ["nil"]])
            } else {
                unsaved.append(["name": variable, "type": value.typeName, "reason": Self.reason(for: value)])
            }
        }
        // Earlier outputs (`_`, `_3`) are host-defined names, so they are not among the variables.
        let outputs: [[Any]] = interpreter.globalNames.filter { $0 == "_" || ($0.hasPrefix("_") && Int($0.dropFirst()) != nil) }
            .compactMap { name in
                interpreter.global(name).flatMap { ValueCoding.encode($0) }.map { [name, $0] }
            }
        let pictures = copyPictures(of: notebook, into: folder.appendingPathComponent("pictures"))
        let cells: [[String: Any]] = notebook.map {
            ["number": $0.number, "input": $0.input, "output": $0.output, "failed": $0.failed,
             "pictures": pictures[$0.number] ?? []]
        }
        let session: [String: Any] = [
            "format": Self.formatVersion, "name": name, "cells": cells,
            "variables": variables, "containers": containers, "outputs": outputs, "objects": objects,
            "unsaved": unsaved,
        ]
        let json = try JSONSerialization.data(withJSONObject: session, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: folder.appendingPathComponent("session.json"))
        let markdown = NotebookMarkdown.render(name: name, cells: notebook, pictures: pictures, unsaved: unsaved)
        try Data(markdown.utf8).write(to: folder.appendingPathComponent("notebook.md"))
        let ipynb = NotebookFile.render(cells: notebook, pictures: pictures, folder: folder)
        try ipynb.write(to: folder.appendingPathComponent("notebook.ipynb"))
        try SessionManifest.write(for: folder)
    }

    /// Whether `value` is a list or dict whose host objects (at any depth) can all save themselves.
    private static func holdsOnlySavableObjects(_ value: Value) -> Bool {
        ValueCoding.encode(value) { (object: any HostObject) throws(Never) -> Any? in
            object is PersistableHostObject ? ["o"] : nil
        } != nil
    }

    private static func reason(for value: Value) -> String {
        switch value {
        case .list, .dictionary: return "it holds a function or an object that cannot be saved"
        case .function: return "script functions are not saved; run their definition again"
        case .native, .method: return "built-in functions are not saved; they exist in every session"
        default: return "this kind of object cannot save itself yet"
        }
    }

    /// PNG files named in string literals of each cell's input that exist now, copied into `folder`.
    private func copyPictures(of cells: [NotebookCell], into folder: URL) -> [Int: [String]] {
        var result: [Int: [String]] = [:]
        let files = FileManager.default
        for cell in cells where !cell.failed {
            for path in Self.pngPaths(in: cell.input) where files.fileExists(atPath: path) {
                try? files.createDirectory(at: folder, withIntermediateDirectories: true)
                let target = folder.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent)
                try? files.removeItem(at: target)
                if (try? files.copyItem(atPath: path, toPath: target.path)) != nil {
                    result[cell.number, default: []].append("pictures/\(target.lastPathComponent)")
                }
            }
        }
        return result
    }

    static func pngPaths(in source: String) -> [String] {
        var paths: [String] = []
        for quote in ["\"", "'"] {
            let parts = source.components(separatedBy: quote)
            for (index, part) in parts.enumerated() where index % 2 == 1 && part.lowercased().hasSuffix(".png") {
                paths.append(part)
            }
        }
        return paths
    }
}
