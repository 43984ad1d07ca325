import Foundation
import ScriptLanguage
import ScriptLibrary
import Testing

/// The package root, from this file's path (works from any working directory).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Test func everyBundledScriptChecksWithTheLibraryInstalled() throws {
    let scripts = try FileManager.default.contentsOfDirectory(
        atPath: packageRoot.appendingPathComponent("Scripts").path
    )
    .filter { $0.hasSuffix(".airs") }.sorted()
    #expect(!scripts.isEmpty)
    for name in scripts {
        let path = packageRoot.appendingPathComponent("Scripts").appendingPathComponent(name).path
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let interpreter = Interpreter(output: { _ in })
        StandardLibrary.install(in: interpreter)
        // `airs run` defines the command-line arguments and (InteractiveShell) `save_session`.
        interpreter.setVariable("ARGS", .list([]))
        interpreter.setVariable("save_session", .nil)
        let errors = interpreter.check(source: source, file: name)
        #expect(errors.isEmpty, "\(name): \(errors.map(\.description).joined(separator: "\n"))")
    }
}
