import Foundation
import ScriptLanguage
import Testing

@testable import ScriptLibrary

@Suite struct TensorFileBindingTests {
    @Test func saveAndLoadRoundTrip() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-t-\(UUID().uuidString).safetensors"
        ).path
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
        #expect(
            h.show("save_tensors({\"a\": [1]}, \"/nonexistent/dir/x.safetensors\")").contains(
                "/nonexistent/dir/x.safetensors"))
        #expect(h.show("load_tensors(\"/nonexistent/y.safetensors\")").contains("/nonexistent/y.safetensors"))
    }
}

@Suite struct IntegerTensorFileTests {
    static func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("airs-int-\(UUID().uuidString)-\(name)").path
    }

    @Test func savedWeightsLoadWithTheirIntegerBuffersAndRoundTripTheirDType() {
        let weights = Self.scratch("m.safetensors")
        let copy = Self.scratch("copy.safetensors")
        defer { for path in [weights, copy] { try? FileManager.default.removeItem(atPath: path) } }
        let h = ScriptHarness()
        #expect(h.run("save_weights(model(\"MobileNetV3_Small\", classes: 3, seed: 1), \"\(weights)\")").error == nil)
        let loaded = h.run("t = load_tensors(\"\(weights)\")")
        #expect(loaded.error == nil, "\(String(describing: loaded.error))")
        let key = "t[\"model.0.1.num_batches_tracked\"]"
        #expect(h.show("\(key).dtype") == "int64")
        #expect(h.show("\(key).tolist()") == "0")
        #expect(h.show("t[\"model.0.1.weight\"].dtype") == "float32")
        #expect(h.show("(\(key) + 1).dtype") == "float64")
        #expect(h.run("save_tensors(t, \"\(copy)\")").error == nil)
        h.run(
            """
            found = nil
            for x in inspect("\(copy)").tensors:
                if x.name == "model.0.1.num_batches_tracked":
                    found = x.dtype
            """)
        #expect(h.show("found") == "I64")
        #expect(h.show("load(\"\(copy)\")[\"model.0.1.num_batches_tracked\"].dtype") == "int64")
    }

    @Test func anIntegerBeyondFloat64NamesItsTensor() throws {
        let path = Self.scratch("big.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var header = Array("{\"big_counter\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header
        bytes += withUnsafeBytes(of: (Int64(1) << 60).littleEndian) { Array($0) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let h = ScriptHarness()
        for call in ["load_tensors", "load"] {
            let text = h.show("\(call)(\"\(path)\")")
            #expect(text.contains("big_counter") && text.contains("2^53"), "\(text)")
        }
    }
}
