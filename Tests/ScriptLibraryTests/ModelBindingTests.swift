import Checkpoints
import Foundation
import ScriptLanguage
import Testing

@testable import ScriptLibrary

@Suite struct ModelBindingTests {
    @Test func buildForwardAndOutputs() {
        let h = ScriptHarness()
        #expect(h.run("m = model(\"MobileNetV3_Small\", classes: 10)").error == nil)
        #expect(h.show("m.name") == "MobileNetV3_Small")
        #expect(h.show("m.training") == "false")
        #expect(h.show("m.train().training") == "true")
        #expect(h.show("m.eval().training") == "false")
        #expect(h.show("m.parameters > 1000000") == "true")
        #expect(h.run("out = m.forward(randn([2, 3, 32, 32], seed: 1))").error == nil)
        #expect(h.show("out.logits.shape") == "[2, 10]")
        #expect(h.show("out[\"retrieval\"].shape") == "[2, 512]")
        #expect(h.show("len(out.stages)") == "4")
        #expect(h.show("forward(m, zeros([1, 3, 32, 32])).pooled.shape[0]") == "1")
        #expect(h.show("out[\"nothing\"]").hasPrefix("error[key]"))
    }

    @Test func callingAModelForwardsABatch() {
        let h = ScriptHarness()
        h.run("m = model(\"MobileNetV3_Small\", classes: 4)\nx = randn([2, 3, 32, 32], seed: 5)")
        #expect(h.show("m(x).logits.shape") == "[2, 4]")
        #expect(h.show("abs(m(x).retrieval - m.forward(x).retrieval).max()") == "0")
        #expect(h.show("m(images: x).pooled.shape[0]") == "2")
        #expect(h.show("m(x, x)").hasPrefix("error[argument]"))
        #expect(h.show("m(\"x\")").hasPrefix("error[type]"))
        h.run("help(m)")
        #expect(h.output.contains { $0.contains("model(images) — model(x) runs images") })
    }

    @Test func summaryListsStagesWithParametersAndMacs() throws {
        let h = ScriptHarness()
        let text = h.show("s = summary(model(\"ResNet18\", classes: 10), 64)\ns")
        #expect(text.contains("layer1") && text.contains("layer4") && text.contains("total") && text.contains("MACs"))
        #expect(text.contains("MACs for one image"))
        // The stages' MACs add up to the total, and layer1..layer4 each have some.
        #expect(h.show("t = 0\nfor b in s.blocks: t += b[\"macs\"]\nt == s.macs") == "true")
        #expect(h.show("p = 0\nfor b in s.blocks: p += b[\"parameters\"]\np == s.parameters") == "true")
        #expect(
            h.show(
                "n = 0\nfor b in s.blocks: n += 1 if b[\"block\"].startswith(\"layer\") and b[\"macs\"] > 0 else 0\nn")
                == "4")
        // A network whose MACs sit in one top-level block is split into that block's stages.
        #expect(h.show("len(summary(model(\"MobileNetV3_Small\", classes: 10), 32).blocks) > 5") == "true")
        #expect(h.show("summary(model(\"ResNet18\", classes: 10), [0, 4])").hasPrefix("error[value]"))
        #expect(h.show("summary(\"ResNet18\")").hasPrefix("error[type]"))
    }

    @Test func modelsComeWithWeightsFromACheckpoint() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-m-\(UUID().uuidString)/w.safetensors"
        ).path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let h = ScriptHarness()
        #expect(h.show("a = model(\"MobileNetV3_Small\", classes: 7, seed: 3)\nsave_weights(a, \"\(path)\")") == path)
        h.run("x = randn([1, 3, 32, 32], seed: 4)")
        // Name and classes come from the file; the outputs are the saved network's.
        #expect(
            h.show("b = model(weights: \"\(path)\")\n[b.name, b.classes, b.weights]")
                == "[\"MobileNetV3_Small\", 7, \"\(path)\"]")
        #expect(h.show("abs(a(x).logits - b(x).logits).max()") == "0")
        #expect(h.show("model(\"MobileNetV3_Small\", weights: \"\(path)\").classes") == "7")
        let wrong = h.show("model(\"ResNet18\", weights: \"\(path)\")")
        #expect(wrong.hasPrefix("error[host]") && wrong.contains(path))
        let missing = h.show("model(\"ResNet18\", weights: \"/nonexistent/t.safetensors\")")
        #expect(missing.hasPrefix("error[host]") && missing.contains("/nonexistent/t.safetensors"))
        #expect(h.show("model()").hasPrefix("error[argument]"))
        let typo = try #require(h.run("modle(\"ResNet18\")").error)
        #expect(typo.kind == .name && typo.hint?.contains("model") == true)
    }

    @Test func badInputIsADiagnostic() {
        let h = ScriptHarness()
        let unknown = h.show("model(\"ResNet19\")")
        #expect(unknown.hasPrefix("error[host]") && unknown.contains("ResNet18"))
        #expect(h.show("model(18)").hasPrefix("error[type]"))
        h.run("m = model(\"MobileNetV3_Small\", classes: 10)")
        #expect(h.show("m.forward(zeros([1, 1, 32, 32]))").hasPrefix("error[host]"))
        let missing = h.show("load_weights(m, \"/nonexistent/w.safetensors\")")
        #expect(missing.hasPrefix("error[host]") && missing.contains("/nonexistent/w.safetensors"))
        #expect(h.show("load_weights(3, \"x\")").hasPrefix("error[type]"))
    }

    @Test func weightsRoundTripThroughSafetensors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-w-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: path) }
        let h = ScriptHarness()
        h.run(
            "a = model(\"MobileNetV3_Small\", classes: 5, seed: 1)\nb = model(\"MobileNetV3_Small\", classes: 5, seed: 2)"
        )
        guard case .host(let a as ModelObject)? = h.interpreter.global("a") else {
            Issue.record("no model")
            return
        }
        try SafeTensorsFormat.write(try a.network.stateDictionary(prefix: "student."), to: path)
        #expect(h.show("load_weights(b, \"\(path.path)\")").hasPrefix("loaded"))
        h.run("x = randn([1, 3, 32, 32], seed: 3)")
        #expect(h.show("abs(a.forward(x).logits - b.forward(x).logits).max()") == "0")
        h.run("c = model(\"MobileNetV3_Small\", classes: 7)")
        #expect(h.show("load_weights(c, \"\(path.path)\")").hasPrefix("error[host]"))
    }
}

@Suite struct PyTorchWeightFileTests {
    /// A teacher as upstream's trainer writes it (Tests/Fixtures/PyTorch/make_fixtures.py):
    /// `torch.save` of a state dict with `student.` keys, MobileNetV3-Small for 4 classes.
    static let teacher = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/PyTorch/teacher_upstream_NONE_1.pth")

    @Test func pthFilesLoadWhateverTheirExtension() throws {
        let renamed = FileManager.default.temporaryDirectory
            .appendingPathComponent("airs-teacher-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: renamed) }
        try FileManager.default.copyItem(at: Self.teacher, to: renamed)
        let h = ScriptHarness()
        for path in [Self.teacher.path, renamed.path] {
            #expect(h.show("model(\"MobileNetV3_Small\", weights: \"\(path)\").classes") == "4")
            let report = h.show("load_weights(model(\"MobileNetV3_Small\", classes: 4), \"\(path)\")")
            #expect(report.contains("loaded 252 tensors from \(path)"), "\(report)")
        }
    }
}
