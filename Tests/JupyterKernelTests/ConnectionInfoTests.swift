import Foundation
import Testing

@testable import JupyterKernel

private func connectionFile(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "airs-connection-\(UUID().uuidString).json")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

@Test func aJupyterConnectionFileGivesTheFiveEndpointsAndTheKey() throws {
    let path = try connectionFile(
        """
        {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
         "hb_port": 5005,
         "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256",
         "kernel_name": "airs"}
        """)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let info = try ConnectionInfo(contentsOf: path)
    #expect(info.key == "abc")
    #expect(info.endpoint(info.heartbeatPort) == "tcp://127.0.0.1:5005")
    #expect(info.endpoint(info.controlPort) == "tcp://127.0.0.1:5004")
}

@Test func badConnectionFilesAreNamedWithTheReason() throws {
    #expect(
        throws: KernelError.unreadableConnectionFile(
            path: "/no/such/kernel.json", reason: "no such file")
    ) {
        try ConnectionInfo(contentsOf: "/no/such/kernel.json")
    }
    let missing = try connectionFile(#"{"shell_port": 1, "ip": "127.0.0.1"}"#)
    defer { try? FileManager.default.removeItem(atPath: missing) }
    do {
        _ = try ConnectionInfo(contentsOf: missing)
        Issue.record("a file without ports was accepted")
    } catch {
        #expect(error.description.contains(missing))
        #expect(error.description.contains("is missing"))
    }
    let md5 = try connectionFile(
        """
        {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
         "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-md5"}
        """)
    defer { try? FileManager.default.removeItem(atPath: md5) }
    #expect(throws: KernelError.unsupportedSignatureScheme(path: md5, scheme: "hmac-md5")) {
        try ConnectionInfo(contentsOf: md5)
    }
}
