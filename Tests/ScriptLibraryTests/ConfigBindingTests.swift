import Foundation
import ScriptLanguage
import TestSupport
import Testing

@testable import ScriptLibrary

@Suite struct ConfigBindingTests {
    @Test func readAndSetKeysThroughAttributeChains() {
        let h = ScriptHarness()
        h.run("cfg = config()")
        let lr = h.show("cfg.SOLVER.BASE_LR")
        #expect(Double(lr) != nil)
        #expect(h.run("cfg.SOLVER.BASE_LR = 0.02").error == nil)
        #expect(h.show("cfg.SOLVER.BASE_LR") == "0.02")
        #expect(h.show("cfg.get(\"SOLVER.BASE_LR\")") == "0.02")
        #expect(h.show("cfg.changed()") == "[\"SOLVER.BASE_LR\"]")
        #expect(h.show("type(cfg.SOLVER)") == "ConfigSection")
    }

    @Test func overridesAreApplied() {
        let h = ScriptHarness()
        #expect(h.show("config(nil, \"SOLVER.BASE_LR=0.5\").SOLVER.BASE_LR") == "0.5")
        #expect(h.show("config(nil, \"SOLVER.BASE_LR\", \"0.25\").SOLVER.BASE_LR") == "0.25")
    }

    @Test func badKeysAndTypesNameTheKey() {
        let h = ScriptHarness()
        h.run("cfg = config()")
        let wrongType = h.show("cfg.SOLVER.BASE_LR = \"fast\"")
        #expect(
            wrongType.hasPrefix("error[type]") && wrongType.contains("'SOLVER.BASE_LR'") && wrongType.contains("float"))
        let whole = h.run("cfg.SOLVER.MAX_EPOCHS = 2.5").error
        #expect(whole?.kind == .type && whole?.message.contains("SOLVER.MAX_EPOCHS") == true)
        let unknown = h.run("cfg.SOLVER.BASE_RL = 1").error
        #expect(unknown?.kind == .attribute && unknown?.message.contains("'SOLVER.BASE_RL'") == true)
        #expect(unknown?.hint?.contains("SOLVER.BASE_LR") == true)
        #expect(h.show("cfg.SOLVR").hasPrefix("error[attribute]"))
        let missing = h.show("config(\"/nonexistent/x.yaml\")")
        #expect(missing.hasPrefix("error[host]") && missing.contains("/nonexistent/x.yaml"))
    }

    @Test func saveRoundTripsAndPrints() throws {
        let h = ScriptHarness()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("airs-cfg-\(UUID().uuidString).yaml")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        h.run("cfg = config()\ncfg.SOLVER.BASE_LR = 0.125\ncfg.save(\"\(path)\")")
        #expect(h.show("config(\"\(path)\").SOLVER.BASE_LR") == "0.125")
        #expect(h.show("cfg").contains("BASE_LR: 0.125"))
        h.run("cfg.show(changed: true)")
        #expect(h.output.last?.contains("BASE_LR") == true)
    }

    @Test func upstreamConfigLoads() throws {
        let root = packageRoot().appendingPathComponent("../shared/upstream/Training_Configs").standardizedFileURL.path
        let files = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(!files.isEmpty)
        let h = ScriptHarness()
        for file in files.prefix(3) {
            #expect(h.run("c = config(\"\(root)/\(file)\")").error == nil, "\(file)")
        }
    }
}
