import Foundation
import Testing

@testable import ScriptLanguage

/// The language tests as data (as in Crafting Interpreters and Wren): every `.airs` file under
/// `Scripts/` runs, and its printed lines (plus each cell's shown result) must equal its
/// `# expect: …` comments in order. A file may end in one error: `# expect error: kind: text` on
/// the line the error points at, optionally followed by `# expect hint: text`; `# step-limit: N`
/// sets `Interpreter.stepLimit`.
struct ScriptExpectations {
    var output: [String] = []
    var error: (kind: String, message: String, line: Int)?
    var hint: String?
    var stepLimit: Int?

    init(_ source: String) {
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: "# expect: ") {
                output.append(String(line[range.upperBound...]))
            } else if let range = line.range(of: "# expect error: ") {
                let spec = line[range.upperBound...]
                let parts = spec.split(separator: ":", maxSplits: 1)
                error = (
                    String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "", number + 1
                )
            } else if let range = line.range(of: "# expect hint: ") {
                hint = String(line[range.upperBound...])
            } else if let range = line.range(of: "# step-limit: ") {
                stepLimit = Int(line[range.upperBound...])
            }
        }
    }
}

enum ScriptFiles {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
    }

    /// Every `.airs` file under `folder`, recursively, sorted by path.
    static func all(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "airs" }.sorted { $0.path < $1.path }
    }

    static func name(_ url: URL) -> String {
        url.path.replacingOccurrences(of: directory.path + "/", with: "")
    }
}

@Test func everyTestScriptProducesItsExpectedOutput() throws {
    let files = ScriptFiles.all(under: ScriptFiles.directory)
    #expect(files.count >= 20, "the script folder went missing or lost files")
    for file in files {
        let source = try String(contentsOf: file, encoding: .utf8)
        let expected = ScriptExpectations(source)
        var printed: [String] = []
        let interpreter = Interpreter(output: {
            printed.append(contentsOf: $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        })
        TestHost.register(in: interpreter)
        interpreter.stepLimit = expected.stepLimit
        let name = ScriptFiles.name(file)
        let results = interpreter.runCells(source: source, file: name) { result in
            if let value = result.value { printed.append(value.repr) }
        }
        let error = results.last?.error
        #expect(printed == expected.output, "\(name): printed output differs")
        if let want = expected.error {
            guard let error else {
                Issue.record("\(name): expected a \(want.kind) error on line \(want.line), but the script succeeded")
                continue
            }
            #expect(error.kind.rawValue == want.kind, "\(name): \(error.summary)")
            #expect(error.message.contains(want.message), "\(name): \(error.summary)")
            #expect(
                error.range.start.line == want.line,
                "\(name): error on line \(error.range.start.line), expected \(want.line)")
            #expect(error.file == name && error.sourceLine != nil, "\(name): diagnostic not located")
            if let hint = expected.hint { #expect(error.hint == hint, "\(name): hint was \(error.hint ?? "none")") }
        } else if let error {
            Issue.record("\(name): unexpected error\n\(error)")
        }
    }
}

@Test func everyErrorKindIsCoveredByATestScript() throws {
    var kinds: Set<String> = []
    for file in ScriptFiles.all(under: ScriptFiles.directory) {
        if let error = ScriptExpectations(try String(contentsOf: file, encoding: .utf8)).error {
            kinds.insert(error.kind)
        }
    }
    let missing = ScriptError.Kind.allCases.map(\.rawValue).filter { !kinds.contains($0) }
    #expect(missing.isEmpty, "no test script expects these error kinds: \(missing)")
}

/// Every script in the repository's `Scripts/` folder parses, so none goes stale as the language
/// changes. (They call functions ScriptLibrary registers, so resolving them belongs to its tests:
/// `interpreter.check(source:file:)` with the library loaded.)
@Test func everyRepositoryScriptParses() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let files = ScriptFiles.all(under: root.appendingPathComponent("Scripts"))
    for file in files {
        let source = SourceFile(name: file.lastPathComponent, text: try String(contentsOf: file, encoding: .utf8))
        #expect(throws: Never.self, "\(file.lastPathComponent)") { try Parser.parse(source) }
    }
    #expect(files.contains { $0.lastPathComponent == "language-tour.airs" })
}

/// The language tour in `Scripts/` uses only the prelude, so it must also run to the end.
@Test func theLanguageTourRuns() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let source = try String(contentsOf: root.appendingPathComponent("Scripts/language-tour.airs"), encoding: .utf8)
    var printed: [String] = []
    let results = Interpreter(output: { printed.append($0) }).runCells(source: source, file: "language-tour.airs")
    #expect(results.allSatisfy { $0.error == nil }, "\(results.compactMap(\.error))")
    #expect(
        results.compactMap(\.value).map(\.repr) == [
            "\"resnet18 for 3 epochs, lr 0.0250\"",
            "[0.3333333333333333, {\"BASE_LR\": 0.02, \"STEPS\": [40, 70, 90]}]",
            "[0.05, 0.1, 42]",
        ])
    #expect(
        printed == [
            "best loss 0.333", "warmup(step, base = 0.1, length = 10)", "  Linear warm-up of the learning rate.",
        ])
}

/// Every test script passes `check` (parse and resolve) exactly when it expects no static error.
@Test func everyTestScriptChecksAsItsExpectationsSay() throws {
    let tests = ScriptFiles.all(under: ScriptFiles.directory)
    var checked = 0
    for file in tests {
        let source = try String(contentsOf: file, encoding: .utf8)
        let expected = ScriptExpectations(source)
        let interpreter = Interpreter(output: { _ in })
        TestHost.register(in: interpreter)
        let errors = interpreter.check(source: source, file: file.lastPathComponent)
        // Scripts that expect a lex, parse, resolve or name error must fail the check; others must pass it.
        let staticKinds = ["lex", "parse", "resolve", "name"]
        if let want = expected.error, staticKinds.contains(want.kind),
            want.message.hasPrefix("unknown name") || want.kind != "name"
        {
            #expect(
                errors.first?.kind.rawValue == want.kind, "\(file.lastPathComponent): check should report \(want.kind)")
        } else {
            #expect(errors.isEmpty, "\(file.lastPathComponent): \(errors.map(\.description))")
        }
        checked += 1
    }
    #expect(checked == tests.count && checked > 0)
}
