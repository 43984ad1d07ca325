import Foundation
import Testing
import ScriptLanguage
@testable import ScriptLibrary

@Suite struct TensorFileBindingTests {
    @Test func saveAndLoadRoundTrip() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("airs-t-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let h = ScriptHarness()
        #expect(h.run("save_tensors({\"a\": arange(6).reshape(2, 3), \"b\": [1.5, 2]}, \"\(path)\")").error == nil)
        h.run("t = load_tensors(\"\(path)\")")
        #expect(h.show("t.a.tolist()") == "[[0, 1, 2], [3, 4, 5]]")
        #expect(h.show("t.b.tolist()") == "[1.5, 2]")
    }

    @Test func badInputIsADiagnostic() {
        let h = ScriptHarness()
        #expect(h.show("save_tensors([1], \"/tmp/x.safetensors\")").hasPrefix("error[type]"))
        #expect(h.show("save_tensors({\"a\": \"text\"}, \"/tmp/x.safetensors\")").hasPrefix("error[type]"))
        #expect(h.show("save_tensors({\"a\": [1]}, \"/nonexistent/dir/x.safetensors\")").contains("/nonexistent/dir/x.safetensors"))
        #expect(h.show("load_tensors(\"/nonexistent/y.safetensors\")").contains("/nonexistent/y.safetensors"))
    }
}
