import Foundation
import Testing
import Checkpoints
import ScriptLanguage
@testable import ScriptLibrary

@Suite struct ModelBindingTests {
    @Test func buildForwardAndOutputs() {
        let h = ScriptHarness()
        #expect(h.run("m = model(\"ResNet18\", classes: 10)").error == nil)
        #expect(h.show("m.name") == "ResNet18")
        #expect(h.show("m.training") == "false")
        #expect(h.show("m.train().training") == "true")
        #expect(h.show("m.eval().training") == "false")
        #expect(h.show("m.parameters > 1000000") == "true")
        #expect(h.run("out = m.forward(randn([2, 3, 32, 32], seed: 1))").error == nil)
        #expect(h.show("out.logits.shape") == "[2, 10]")
        #expect(h.show("out[\"retrieval\"].shape") == "[2, 512]")
        #expect(h.show("len(out.stages)") == "4")
        #expect(h.show("forward(m, zeros([1, 3, 32, 32])).pooled.shape") == "[1, 512]")
        #expect(h.show("out[\"nothing\"]").hasPrefix("error[key]"))
    }

    @Test func summaryListsBlocksAndMacs() {
        let h = ScriptHarness()
        let text = h.show("summary(model(\"ResNet18\", classes: 10), 64)")
        #expect(text.contains("layer1") && text.contains("layer4") && text.contains("total"))
        #expect(text.contains("MACs for one image"))
        #expect(h.show("summary(model(\"ResNet18\", classes: 10), [0, 4])").hasPrefix("error[value]"))
    }

    @Test func badInputIsADiagnostic() {
        let h = ScriptHarness()
        let unknown = h.show("model(\"ResNet19\")")
        #expect(unknown.hasPrefix("error[host]") && unknown.contains("ResNet18"))
        #expect(h.show("model(18)").hasPrefix("error[type]"))
        h.run("m = model(\"ResNet18\", classes: 10)")
        #expect(h.show("m.forward(zeros([1, 1, 32, 32]))").hasPrefix("error[host]"))
        let missing = h.show("load_weights(m, \"/nonexistent/w.safetensors\")")
        #expect(missing.hasPrefix("error[host]") && missing.contains("/nonexistent/w.safetensors"))
        #expect(h.show("load_weights(3, \"x\")").hasPrefix("error[type]"))
    }

    @Test func weightsRoundTripThroughSafetensors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("airs-w-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: path) }
        let h = ScriptHarness()
        h.run("a = model(\"MobileNetV3_Small\", classes: 5, seed: 1)\nb = model(\"MobileNetV3_Small\", classes: 5, seed: 2)")
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
