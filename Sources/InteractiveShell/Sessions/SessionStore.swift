import Configuration
import Foundation
import ScriptLanguage
import ScriptLibrary

/// Saves and restores `Sessions/NAME/`:
/// - `session.json` — format version, the notebook cells, plain variables (tagged JSON, see
///   `ValueCoding`), lists and dicts holding objects (`containers`: the objects by reference),
///   persisted objects by file, and what could not be saved;
/// - `notebook.md` — the same cells for people, with the pictures they made;
/// - `notebook.ipynb` — the same cells as a Jupyter notebook (nbformat 4.5), pictures inline;
/// - `objects/NAME.EXT` — persistable host objects, each written once however many variables
///   (or lists and dicts) hold it (a Model that is a saved run's network is stored with the run);
///   `pictures/` — PNGs the cells wrote;
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

    @discardableResult
    func save(_ shell: Shell, as name: String) throws(ShellError) -> SavedSession {
        try save(interpreter: shell.interpreter, cells: shell.cells, as: name)
    }

    /// Saves `interpreter`'s variables with the notebook `cells` as session `name`.
    @discardableResult
    func save(interpreter: Interpreter, cells: [NotebookCell], as name: String) throws(ShellError) -> SavedSession {
        let destination = folder.appendingPathComponent(name)
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = folder.appendingPathComponent(".\(name).tmp-\(pid)")
        let old = folder.appendingPathComponent(".\(name).old-\(pid)")
        let files = FileManager.default
        do {
            try? files.removeItem(at: temporary)
            try files.createDirectory(at: temporary, withIntermediateDirectories: true)
            var saved = try write(interpreter: interpreter, cells: cells, name: name, into: temporary)
            saved.bytes = Self.size(of: temporary)
            if files.fileExists(atPath: destination.path) { try files.moveItem(at: destination, to: old) }
            try files.moveItem(at: temporary, to: destination)
            try? files.removeItem(at: old)
            return saved
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

    /// Writes the session into `folder`. An object bound to several variables is written once;
    /// a Model that is a saved run's student or teacher is stored as a part of that run.
    private func write(
        interpreter: Interpreter, cells notebook: [NotebookCell], name: String,
        into folder: URL
    ) throws -> SavedSession {
        var variables: [[Any]] = []
        var containers: [[Any]] = []
        var objects: [[String: Any]] = []
        var unsaved: [[String: String]] = []
        var saved = SavedSession()
        var written: [ObjectIdentifier: (entry: [String: Any], holder: String)] = [:]
        let networks = Self.runNetworks(interpreter)
        let objectsFolder = folder.appendingPathComponent("objects")
        for variable in interpreter.variableNames {
            let value = interpreter.global(variable) ?? .nil
            if let json = ValueCoding.encode(value) {
                variables.append([variable, json])
            } else if case .host(let object) = value, let earlier = written[ObjectIdentifier(object)] {
                objects.append(earlier.entry.merging(["name": variable]) { $1 })
                saved.shared.append("'\(variable)' is \(earlier.holder), stored once")
            } else if case .host(let model as ModelObject) = value,
                let owner = networks[ObjectIdentifier(model.network)]
            {
                objects.append([
                    "name": variable, "kind": Self.runNetworkKind, "run": owner.run,
                    "role": owner.role,
                ])
                saved.shared.append(
                    "'\(variable)' is \(owner.run).\(owner.role), stored with the run")
            } else if case .host(let object) = value, let persistable = object as? PersistableHostObject {
                try FileManager.default.createDirectory(at: objectsFolder, withIntermediateDirectories: true)
                let file = "\(variable).\(persistable.persistenceExtension)"
                try persistable.persist(to: objectsFolder.appendingPathComponent(file))
                let entry: [String: Any] = [
                    "name": variable, "kind": persistable.persistenceKind, "file": "objects/\(file)",
                ]
                objects.append(entry)
                written[ObjectIdentifier(object)] = (entry, "'\(variable)'")
            } else if Self.holdsOnlySavableObjects(value) {
                try FileManager.default.createDirectory(at: objectsFolder, withIntermediateDirectories: true)
                var count = 0
                let json = try ValueCoding.encode(value) { object throws -> Any? in
                    guard let persistable = object as? PersistableHostObject else { return nil }
                    // An object a variable or an earlier list holds refers to its file.
                    if let earlier = written[ObjectIdentifier(object)] {
                        return ["o", persistable.persistenceKind, earlier.entry["file"] ?? ""]
                    }
                    // Identifiers have no '-', so these names never meet a variable's file.
                    let file = "\(variable)-\(count).\(persistable.persistenceExtension)"
                    count += 1
                    try persistable.persist(to: objectsFolder.appendingPathComponent(file))
                    let entry: [String: Any] = ["kind": persistable.persistenceKind, "file": "objects/\(file)"]
                    written[ObjectIdentifier(object)] = (entry, "the object in '\(variable)'")
                    return ["o", persistable.persistenceKind, "objects/\(file)"]
                }
                containers.append([variable, json ?? ["nil"]])
            } else {
                let reason = Self.reason(for: value)
                unsaved.append(["name": variable, "type": value.typeName, "reason": reason])
                saved.unsaved.append("'\(variable)' (\(value.typeName)): \(reason)")
            }
        }
        // Earlier outputs (`_`, `_3`) are host-defined names, so they are not among the variables.
        let outputs: [[Any]] = interpreter.globalNames.filter {
            $0 == "_" || ($0.hasPrefix("_") && Int($0.dropFirst()) != nil)
        }
        .compactMap { name in
            interpreter.global(name).flatMap { ValueCoding.encode($0) }.map { [name, $0] }
        }
        let pictures = copyPictures(of: notebook, into: folder.appendingPathComponent("pictures"))
        let cells: [[String: Any]] = notebook.map {
            [
                "number": $0.number, "input": $0.input, "output": $0.output, "failed": $0.failed,
                "pictures": pictures[$0.number] ?? [],
            ]
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
        saved.teachers = Self.teacherFiles(interpreter)
        return saved
    }

    /// One line per teacher checkpoint the saved runs read when they are restored: runs store
    /// their student, not their frozen teacher, so runs that share a teacher share its file.
    private static func teacherFiles(_ interpreter: Interpreter) -> [String] {
        var runs: [String: [String]] = [:]
        var paths: [String] = []
        var seen: Set<ObjectIdentifier> = []
        for variable in interpreter.variableNames {
            guard case .host(let value as RunValue)? = interpreter.global(variable), value.run.teacher != nil,
                seen.insert(ObjectIdentifier(value)).inserted,
                let path = try? value.run.config.string("DISTILLER.TEACHER_MODEL_PATH")
            else { continue }
            if runs[path] == nil { paths.append(path) }
            runs[path, default: []].append("'\(variable)'")
        }
        return paths.map { path in
            "\(runs[path, default: []].joined(separator: ", ")) read their teacher from \(path)"
                + " when loaded (one file, kept outside the session)"
        }
    }

    /// The `kind` of an object entry that is a saved run's student or teacher network.
    static let runNetworkKind = "run-network"

    /// The networks the saved runs hold, each with the run's variable and its role.
    private static func runNetworks(_ interpreter: Interpreter) -> [ObjectIdentifier: (run: String, role: String)] {
        var networks: [ObjectIdentifier: (run: String, role: String)] = [:]
        for variable in interpreter.variableNames.reversed() {
            guard case .host(let run as RunValue)? = interpreter.global(variable) else { continue }
            networks[ObjectIdentifier(run.run.student)] = (variable, "student")
            if let teacher = run.run.teacher { networks[ObjectIdentifier(teacher)] = (variable, "teacher") }
        }
        return networks
    }

    /// The bytes of every file under `folder`.
    static func size(of folder: URL) -> Int {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey])
        return (files?.allObjects as? [URL] ?? []).reduce(0) { total, url in
            total + ((try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
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
