import ArgumentParser
import Foundation
import Testing

@testable import Commands

/// The shell's forms of `airs …`, parsed by the one root command.
private func shell(_ arguments: [String]) throws -> ShellCommand {
    let command = try AIRS.parseAsRoot(arguments)
    guard let shell = command as? ShellCommand else {
        Issue.record("airs \(arguments) parsed as \(type(of: command)), not the shell")
        return try ShellCommand.parse([])
    }
    return shell
}

@Test func withoutASubcommandTheArgumentsBelongToTheShell() throws {
    #expect(try shell([]).script == nil)
    #expect(try shell(["a.airs"]).script == "a.airs")
    #expect(try shell(["dir/script", "x", "--flag"]).arguments == ["x", "--flag"])
    #expect(try shell(["-", "x"]).script == "-")
    let code = try shell(["-c", "1", "y"])
    #expect(code.code == "1" && code.script == "y")
    #expect(try shell(["--session", "s"]).session == "s")
}

@Test func subcommandsAreFoundByName() throws {
    let run = try AIRS.parseAsRoot(["run", "a.airs", "x"]) as? RunCommand
    #expect(run?.file == "a.airs" && run?.arguments == ["x"])
    let check = try AIRS.parseAsRoot(["check", "a.airs", "b.airs"]) as? CheckCommand
    #expect(check?.files == ["a.airs", "b.airs"])
    let train = try AIRS.parseAsRoot(["train", "--cfg", "c.yaml", "SOLVER.MAX_EPOCHS", "2"]) as? TrainCommand
    #expect(train?.cfg == "c.yaml" && train?.overrides.pairs == ["SOLVER.MAX_EPOCHS", "2"])
    #expect(train?.plan == false)
    #expect((try AIRS.parseAsRoot(["train", "--cfg", "c.yaml", "--plan"]) as? TrainCommand)?.plan == true)
    #expect(try AIRS.parseAsRoot(["config", "show", "c.yaml", "--changed"]) is ConfigShowCommand)
    #expect(try AIRS.parseAsRoot(["dataset", "make-synthetic", "--out", "d"]) is DatasetMakeSyntheticCommand)
}

@Test func aMistypedSubcommandIsRefusedWithTheNearestName() {
    #expect { try AIRS.parseAsRoot(["trian"]) } throws: {
        AIRS.message(for: $0).contains("unknown command or option 'trian'; did you mean 'train'?")
    }
    #expect(FrontDoor.run(["trian"]) == 2)
}

@Test func everyCommandRefusesUnknownOptionsAndAnswersHelp() {
    for path in [
        ["train"], ["resume"], ["test"], ["config", "show"], ["dataset", "make-synthetic"],
        ["dataset", "import-fashion-mnist"], ["inspect"], ["classify"], ["run"], ["check"], ["shell"],
    ] {
        #expect(FrontDoor.run(path + ["--bogus", "1"]) == 2, "airs \(path) --bogus 1")
        #expect(FrontDoor.run(path + ["--help"]) == 0, "airs \(path) --help")
    }
}

@Test func syntheticDefaultsAreTheScriptFunctions() throws {
    let command = try DatasetMakeSyntheticCommand.parse(["--out", "d"])
    #expect(command.classes == 20 && command.perClass == 10 && command.size == 64 && command.seed == 0)
}

@Test func trainPlanExitsZeroAndWritesNothing() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let config = root.appendingPathComponent("Configs/SOP/Vanilla/Vanilla_Swin_Transformer_Small_256x256.yaml")
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("airs-plan-\(UUID().uuidString)")
    #expect(FrontDoor.run(["train", "--cfg", config.path, "--plan", "OUTPUT_DIR.ROOT_PATH", output.path]) == 0)
    #expect(!FileManager.default.fileExists(atPath: output.path))
    #expect(FrontDoor.run(["train", "--cfg", config.path, "--plan", "SOLVER.OPTIMIZER_NAME", "Adamax"]) == 1)
}
