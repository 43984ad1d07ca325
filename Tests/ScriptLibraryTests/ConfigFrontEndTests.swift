import Foundation
import ScriptLanguage
import Testing

@testable import ScriptLibrary

/// Config errors met in a script or the shell name the function that was given the path and
/// the overrides, not the command line's `--cfg` and argument numbers.
@Suite struct ConfigFrontEndTests {
    @Test func anUnreadableConfigNamesTheFunctionThatWasGivenThePath() {
        let h = ScriptHarness()
        let missing = "/nonexistent-airs/c.yaml"
        for function in ["config", "train"] {
            let call = function == "config" ? "config(\"\(missing)\")" : "train(\"\(missing)\", {})"
            let message = h.show(call)
            #expect(message.contains("Check the path given to \(function)()."), "\(message)")
            #expect(!message.contains("--cfg"), "\(message)")
        }
    }

    @Test func dictionaryOverridesAreNamedAsTheFunctionsOverrides() {
        let h = ScriptHarness()
        let mismatch = h.show("train(config(), {\"SOLVER.BASE_LR\": \"fast\"})")
        #expect(
            mismatch.contains(
                "the train() overrides: error: type mismatch for config key 'SOLVER.BASE_LR'"),
            "\(mismatch)")
        let setup = h.show("train(config(), {\"DATASETS.ROOT_DIR\": \"/nonexistent-airs\"})")
        #expect(
            setup.contains("config key DATASETS.ROOT_DIR (set at the train() overrides)"),
            "\(setup)")
        for message in [mismatch, setup] {
            #expect(!message.contains("command line"), "\(message)")
        }
        let unknown = h.show("config(nil, \"SOLVER.BASE_RL\", \"0.1\")")
        #expect(
            unknown.contains("the config() overrides: error: unknown config key 'SOLVER.BASE_RL'"),
            "\(unknown)")
        #expect(
            unknown.contains("Did you mean 'SOLVER.BASE_LR'?")
                && !unknown.contains("airs config show"), "\(unknown)")
        let unpaired = h.show("config(nil, \"SOLVER.BASE_LR\")")
        #expect(
            unpaired.hasPrefix("error[host]: config(): error: overrides come in KEY VALUE pairs"),
            "\(unpaired)")
    }
}
