import Foundation
import ScriptLanguage
import ScriptLibrary

/// A session read back from disk, ready for `Shell.adopt`.
struct LoadedSession {
    /// Variables in saved order (plain values and restored objects).
    var variables: [(String, Value)]
    /// `_` and `_n`: earlier cells' outputs.
    var outputs: [(String, Value)]
    /// The notebook.
    var cells: [NotebookCell]
    /// What was not restored, one sentence each.
    var notes: [String]
}

extension SessionStore {
    func load(_ name: String) throws(ShellError) -> LoadedSession {
        let sessionFolder = folder.appendingPathComponent(name)
        let sessionFile = sessionFolder.appendingPathComponent("session.json")
        guard FileManager.default.fileExists(atPath: sessionFolder.path) else {
            throw .noSuchSession(name: name, path: sessionFolder.path)
        }
        let root: [String: Any]
        do {
            let data = try Data(contentsOf: sessionFile)
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ShellError.damagedSession(path: sessionFile.path, reason: "not a JSON object")
            }
            root = object
        } catch let error as ShellError {
            throw error
        } catch {
            let reason =
                FileManager.default.fileExists(atPath: sessionFile.path) ? "not valid JSON" : "the file is missing"
            throw .damagedSession(path: sessionFile.path, reason: reason)
        }
        guard let format = root["format"] as? Int else {
            throw .damagedSession(path: sessionFile.path, reason: "no format version")
        }
        guard format == Self.formatVersion else {
            throw .unsupportedSessionFormat(path: sessionFile.path, found: format, supported: Self.formatVersion)
        }
        try SessionManifest.verify(folder: sessionFolder)
        let damaged = { (reason: String) in ShellError.damagedSession(path: sessionFile.path, reason: reason) }
        var variables: [(String, Value)] = []
        for (index, entry) in ((root["variables"] as? [Any]) ?? []).enumerated() {
            guard let pair = entry as? [Any], pair.count == 2, let variable = pair[0] as? String else {
                throw damaged("variable \(index) is not a [name, value] pair")
            }
            do throws(ValueDecodingError) {
                variables.append((variable, try ValueCoding.decode(pair[1])))
            } catch {
                throw damaged("variable '\(variable)': \(error)")
            }
        }
        var outputs: [(String, Value)] = []
        for (index, entry) in ((root["outputs"] as? [Any]) ?? []).enumerated() {
            guard let pair = entry as? [Any], pair.count == 2, let variable = pair[0] as? String,
                let value = try? ValueCoding.decode(pair[1])
            else {
                throw damaged("output \(index) is not a [name, value] pair")
            }
            outputs.append((variable, value))
        }
        var notes: [String] = []
        // A file several variables share is read once, so they share the object again.
        var restored: [String: Value] = [:]
        var runNetworks: [(variable: String, run: String, role: String)] = []
        for entry in (root["objects"] as? [[String: Any]]) ?? [] {
            guard let variable = entry["name"] as? String, let kind = entry["kind"] as? String else {
                throw damaged("an object entry lacks a name or kind")
            }
            if kind == Self.runNetworkKind {
                guard let run = entry["run"] as? String, let role = entry["role"] as? String else {
                    throw damaged("the entry of '\(variable)' lacks its run or role")
                }
                runNetworks.append((variable, run, role))
                continue
            }
            guard let file = entry["file"] as? String else {
                throw damaged("the entry of '\(variable)' lacks its file")
            }
            if let value = restored[file] {
                variables.append((variable, value))
                continue
            }
            guard let restore = PersistableObjects.restorer(for: kind) else {
                notes.append("'\(variable)' (\(kind)) was not restored: this AIRS cannot read \(kind) objects")
                continue
            }
            do {
                let value = try restore(sessionFolder.appendingPathComponent(file))
                restored[file] = value
                variables.append((variable, value))
            } catch {
                notes.append("'\(variable)' (\(kind)) was not restored: \(error)")
            }
        }
        for (variable, run, role) in runNetworks {
            let owner = variables.last { $0.0 == run }?.1
            guard case .host(let value as RunValue)? = owner,
                let model = role == "teacher" ? value.teacher : value.student
            else {
                notes.append(
                    "'\(variable)' (Model) was not restored: it is \(run).\(role), "
                        + "and \(run) was not restored")
                continue
            }
            variables.append((variable, .host(model)))
        }
        for (index, entry) in ((root["containers"] as? [Any]) ?? []).enumerated() {
            guard let pair = entry as? [Any], pair.count == 2, let variable = pair[0] as? String else {
                throw damaged("container \(index) is not a [name, value] pair")
            }
            do throws(ValueDecodingError) {
                let value = try ValueCoding.decode(pair[1]) { kind, file throws(ValueDecodingError) in
                    if let value = restored[file] { return value }
                    let value = try restoreObject(kind: kind, file: sessionFolder.appendingPathComponent(file))
                    restored[file] = value
                    return value
                }
                variables.append((variable, value))
            } catch {
                notes.append("'\(variable)' was not restored: \(error)")
            }
        }
        for entry in (root["unsaved"] as? [[String: String]]) ?? [] {
            notes.append("'\(entry["name"] ?? "?")' (\(entry["type"] ?? "?")) was not saved: \(entry["reason"] ?? "")")
        }
        var cells: [NotebookCell] = []
        for (index, entry) in ((root["cells"] as? [[String: Any]]) ?? []).enumerated() {
            guard let number = entry["number"] as? Int, let input = entry["input"] as? String,
                let output = entry["output"] as? [String]
            else {
                throw damaged("cell \(index) lacks number, input or output")
            }
            cells.append(
                NotebookCell(number: number, input: input, output: output, failed: entry["failed"] as? Bool ?? false))
        }
        return LoadedSession(variables: variables, outputs: outputs, cells: cells, notes: notes)
    }

    /// An object a list or dict held, read back from its file.
    private func restoreObject(kind: String, file: URL) throws(ValueDecodingError) -> Value {
        guard let restore = PersistableObjects.restorer(for: kind) else {
            throw ValueDecodingError("this AIRS cannot read \(kind) objects")
        }
        do {
            return try restore(file)
        } catch {
            throw ValueDecodingError("its \(kind) \(file.lastPathComponent) did not load: \(error)")
        }
    }
}
