import Foundation
import ScriptLanguage
import Testing

@testable import JupyterKernel

/// A kernel bound to ipc endpoints in a scratch folder (no ports to collide), driven in-process.
private func scratchKernel() throws -> (Kernel, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "airs-kernel-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("connection.json")
    try """
    {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
     "ip": "\(folder.path)/k", "key": "k", "transport": "ipc", "signature_scheme": "hmac-sha256"}
    """.write(to: file, atomically: true, encoding: .utf8)
    let kernel = try Kernel(
        connection: ConnectionInfo(contentsOf: file.path), sessionsFolder: folder)
    return (kernel, folder)
}

private func request(_ type: String, _ content: JSONObject) -> Message {
    Message(type: type, session: "test", content: content, parent: nil)
}

@Test func completionInspectionAndIsCompleteUseTheShells() throws {
    let (kernel, folder) = try scratchKernel()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(
        kernel.execute(request("execute_request", ["code": "losses = [3, 2, 1]"]))["status"]
            as? String == "ok")
    let completed = kernel.complete(["code": "x = los", "cursor_pos": 7])
    #expect(completed["matches"] as? [String] == ["losses"])
    #expect(completed["cursor_start"] as? Int == 4)
    let meta = kernel.complete(["code": ":sa", "cursor_pos": 3])
    #expect(meta["matches"] as? [String] == [":save"])
    #expect(meta["cursor_start"] as? Int == 0)
    let method = kernel.complete(["code": "losses.app", "cursor_pos": 10])
    #expect((method["matches"] as? [String])?.contains("losses.append") == true)

    let help = kernel.inspect(["code": "plot(losses)", "cursor_pos": 2])
    #expect(help["found"] as? Bool == true)
    #expect(((help["data"] as? JSONObject)?["text/plain"] as? String)?.hasPrefix("plot(") == true)
    #expect(kernel.inspect(["code": "nothing_here", "cursor_pos": 3])["found"] as? Bool == false)
    let metaHelp = kernel.inspect(["code": ":save x", "cursor_pos": 2])
    #expect(
        ((metaHelp["data"] as? JSONObject)?["text/plain"] as? String)?.hasPrefix(":save NAME")
            == true)

    #expect(kernel.isComplete(["code": "for i in range(3):"])["status"] as? String == "incomplete")
    #expect(kernel.isComplete(["code": "x = [1,\n2]"])["status"] as? String == "complete")
}

@Test func aFailingCellRepliesWithTheShellsDiagnosticAndKeepsTheState() throws {
    let (kernel, folder) = try scratchKernel()
    defer { try? FileManager.default.removeItem(at: folder) }
    _ = kernel.execute(request("execute_request", ["code": "x = 1"]))
    let reply = kernel.execute(request("execute_request", ["code": "x = 2\ny = x + nope"]))
    #expect(reply["status"] as? String == "error")
    #expect(reply["execution_count"] as? Int == 2)
    #expect((reply["traceback"] as? [String])?.joined(separator: "\n").contains("nope") == true)
    #expect(kernel.shell.interpreter.global("x")?.description == "1")
    #expect(
        kernel.execute(request("execute_request", ["code": "x"]))["execution_count"] as? Int == 3)
}

/// A value with a Markdown table, as evaluation results and losses are.
private final class Table: HostObject {
    var typeName: String { "Table" }
    var description: String { "a  b" }
    var markdown: String? { "| a | b |\n|---|---|" }
}

@Test func tablesAreSentAsMarkdownAndTextAndOtherValuesAsText() {
    let table = Kernel.bundle(of: .host(Table()))
    #expect(table["text/markdown"] as? String == "| a | b |\n|---|---|")
    #expect(table["text/plain"] as? String == "a  b")
    #expect(Kernel.bundle(of: .number(2))["text/markdown"] == nil)
    #expect(Kernel.bundle(of: .string("s"))["text/plain"] as? String == "\"s\"")
}

@Test func aKernelWithoutAConnectionFileExitsWithTwo() {
    #expect(Kernel.serve(connectionFile: "/no/such/connection.json") == 2)
}
