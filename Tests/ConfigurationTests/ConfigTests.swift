import Testing

@testable import Configuration

@Test func defaultsFollowUpstream() throws {
    let config = Config()
    #expect(ConfigSchema.keys.count == 97)
    #expect(Set(ConfigSchema.keys).count == ConfigSchema.keys.count)
    #expect(try config.double("SOLVER.BASE_LR") == 0.01)
    #expect(try config.string("EXPERIMENT.TEACHER_PRECISION") == "fp32")
    #expect(try config.bool("EXPERIMENT.REPRODUCIBLE") == false)
    #expect(config["CSD.TEMPERATURE_QUERY"] == .int(1))
    #expect(config["RKD.DISTANCE_WEIGHT"] == .int(25))
    #expect(try config.double("RKD.DISTANCE_WEIGHT") == 25)
    #expect(try config.double("RKD.PDIST.EPSILON") == 1e-12)
    // Derived once from the default MAX_EPOCHS.
    #expect(config["SOLVER.CHECKPOINT_PERIOD"] == .int(120))
    #expect(config["SOLVER.EVAL_PERIOD"] == .int(120))
    #expect(config["TEST.WEIGHT"] == .int(120))
    #expect(try config.doubles("TEST.RE_RANKING_PARAMETER") == [60, 10, 0.3])
    #expect(config.changedKeys.isEmpty)
    #expect(ConfigSchema.sections.contains("RKD.PDIST"))
    #expect(ConfigSchema.isSection("VanillaKD"))
}

@Test func changingMaxEpochsDoesNotMoveDerivedKeys() throws {
    let config = try Config.load(yaml: "SOLVER:\n  MAX_EPOCHS: 5\n")
    #expect(try config.int("SOLVER.MAX_EPOCHS") == 5)
    #expect(try config.int("SOLVER.CHECKPOINT_PERIOD") == 120)
}

@Test func overridesAreParsedAsPythonLiterals() throws {
    var config = Config()
    try config.merge(overrides: [
        "SOLVER.BASE_LR", "0.02", "DATASETS.NAMES", "CUB200", "INPUT.STUDENT_SIZE_TRAIN", "(32, 32)",
        "INPUT.STUDENT_SIZE_TEST", "[48, 48]", "TEST.RE_RANKING", "True", "SOLVER.LR_DECAY_ETA_MIN_LR", "1e-4",
        "EXPERIMENT.DEVICE_ID", "'1'", "OUTPUT_DIR.EXPERIMENT_NAME", "run 1", "SOLVER.SEED", "None",
    ])
    #expect(config["SOLVER.BASE_LR"] == .double(0.02))
    #expect(config["DATASETS.NAMES"] == .string("CUB200"))
    #expect(try config.ints("INPUT.STUDENT_SIZE_TRAIN") == [32, 32])
    #expect(try config.ints("INPUT.STUDENT_SIZE_TEST") == [48, 48])
    #expect(try config.bool("TEST.RE_RANKING"))
    #expect(try config.double("SOLVER.LR_DECAY_ETA_MIN_LR") == 0.0001)
    #expect(try config.string("EXPERIMENT.DEVICE_ID") == "1")
    #expect(try config.string("OUTPUT_DIR.EXPERIMENT_NAME") == "run 1")
    #expect(config["SOLVER.SEED"] == .null)
    #expect(config.source(of: "SOLVER.BASE_LR") == .commandLine(argument: 1))
    #expect(config.source(of: "SOLVER.SEED") == .commandLine(argument: 17))
    // yacs accepts None for any key; the typed getter then says where it was set.
    #expect(
        throws: ConfigError.wrongAccessor(
            key: "SOLVER.SEED", requested: "int", actual: "NoneType None",
            source: .commandLine(argument: 17))
    ) {
        _ = try config.int("SOLVER.SEED")
    }
}

@Test func overridesComeAfterTheFile() throws {
    let config = try Config.load(
        yaml: "SOLVER:\n  BASE_LR: 0.5\n", file: "a.yaml", overrides: ["SOLVER.BASE_LR", "0.25"])
    #expect(try config.double("SOLVER.BASE_LR") == 0.25)
}

@Test func tupleForAStringKeyIsATypeMismatch() {
    // `DATASETS.NAMES` defaults to the string 'SOP': yacs refuses a tuple there.
    #expect(
        throws: ConfigError.typeMismatch(
            key: "DATASETS.NAMES", expected: "str", actual: "list of str",
            value: "['CUB200']", source: .commandLine(argument: 1))
    ) {
        _ = try Config.load(yaml: "", overrides: ["DATASETS.NAMES", "('CUB200',)"])
    }
}

@Test func intForAFloatKeyIsRefusedWithAHint() {
    do {
        _ = try Config.load(yaml: "", overrides: ["SOLVER.BASE_LR", "1"])
        Issue.record("an int was accepted for a float key")
    } catch {
        #expect(
            error
                == .typeMismatch(
                    key: "SOLVER.BASE_LR", expected: "float", actual: "int", value: "1",
                    source: .commandLine(argument: 1)))
        #expect(error.description.contains("write 1.0"))
    }
}

@Test func lowercaseTrueOnTheCommandLineIsAString() {
    #expect(
        throws: ConfigError.typeMismatch(
            key: "TEST.RE_RANKING", expected: "bool", actual: "str", value: "'true'",
            source: .commandLine(argument: 1))
    ) {
        _ = try Config.load(yaml: "", overrides: ["TEST.RE_RANKING", "true"])
    }
}

@Test func unpairedOverrideIsAnError() {
    #expect(throws: ConfigError.unpairedOverride(arguments: ["SOLVER.BASE_LR"])) {
        _ = try Config.load(yaml: "", overrides: ["SOLVER.BASE_LR"])
    }
}

@Test func unknownOverrideKeySuggestsTheNearest() {
    do {
        _ = try Config.load(yaml: "", overrides: ["SOLVER.BASE_RL", "0.1"])
        Issue.record("unknown key accepted")
    } catch {
        #expect(
            error == .unknownKey(key: "SOLVER.BASE_RL", source: .commandLine(argument: 1), suggestion: "SOLVER.BASE_LR")
        )
        #expect(error.description.contains("Did you mean 'SOLVER.BASE_LR'?"))
    }
}

@Test func unknownFileKeyNamesFileLineAndSuggestion() {
    let text = "SOLVER:\n  BASE_LR: 0.1\n  MAX_EPOCH: 10\nDISTILER:\n  TYPE: D3\n"
    do {
        _ = try Config.load(yaml: text, file: "cfg/x.yaml")
        Issue.record("unknown keys accepted")
    } catch {
        #expect(
            error
                == .several([
                    .unknownKey(
                        key: "SOLVER.MAX_EPOCH", source: .file(path: "cfg/x.yaml", line: 3, column: 3),
                        suggestion: "SOLVER.MAX_EPOCHS"),
                    .unknownKey(
                        key: "DISTILER", source: .file(path: "cfg/x.yaml", line: 4, column: 1), suggestion: "DISTILLER"),
                ]))
        #expect(error.description.contains("cfg/x.yaml:3:3: error: unknown config key 'SOLVER.MAX_EPOCH'"))
        #expect(error.description.contains("Did you mean 'DISTILLER'?"))
    }
}

@Test func wrongTypeInFileNamesKeyTypesFileAndLine() {
    let text = "SOLVER:\n  BASE_LR: 1\nINPUT:\n  STUDENT_SIZE_TRAIN: [32.0, 32]\nTEST:\n  FLIP_FEATS: on\n"
    do {
        _ = try Config.load(yaml: text, file: "t.yaml")
        Issue.record("wrong types accepted")
    } catch {
        #expect(
            error
                == .several([
                    .typeMismatch(
                        key: "SOLVER.BASE_LR", expected: "float", actual: "int", value: "1",
                        source: .file(path: "t.yaml", line: 2, column: 12)),
                    .typeMismatch(
                        key: "INPUT.STUDENT_SIZE_TRAIN", expected: "list of int", actual: "list of float and int",
                        value: "[32.0, 32]", source: .file(path: "t.yaml", line: 4, column: 23)),
                    // YAML 1.1: a plain `on` is the bool True.
                    .typeMismatch(
                        key: "TEST.FLIP_FEATS", expected: "str", actual: "bool", value: "True",
                        source: .file(path: "t.yaml", line: 6, column: 15)),
                ]))
        #expect(
            error.description.contains(
                "t.yaml:2:12: error: type mismatch for config key 'SOLVER.BASE_LR': expected float, got int"))
    }
}

@Test func sectionsNeedMappingsAndLeavesNeedValues() {
    #expect(
        throws: ConfigError.typeMismatch(
            key: "SOLVER", expected: "a section (mapping)", actual: "NoneType",
            value: "None", source: .file(path: "s.yaml", line: 1, column: 8))
    ) {
        _ = try Config.load(yaml: "SOLVER:\nTEST:\n  WEIGHT: 3\n", file: "s.yaml")
    }
    #expect(
        throws: ConfigError.typeMismatch(
            key: "SOLVER.BASE_LR", expected: "float", actual: "dict", value: "{…}",
            source: .file(path: "s.yaml", line: 3, column: 5))
    ) {
        _ = try Config.load(yaml: "SOLVER:\n  BASE_LR:\n    A: 1\n", file: "s.yaml")
    }
    #expect(
        throws: ConfigError.typeMismatch(
            key: "SOLVER", expected: "a section (mapping)", actual: "float",
            value: "0.1", source: .commandLine(argument: 1))
    ) {
        _ = try Config.load(yaml: "", overrides: ["SOLVER", "0.1"])
    }
}

@Test func quotedLiteralsAreEvaluatedLikeYacs() throws {
    let text =
        "EXPERIMENT:\n  DEVICE_ID: \"'3'\"\nSOLVER:\n  BASE_LR: \"1e-3\"\n  LR_DECAY_ETA_MIN_LR: 1e-6\n"
        + "INPUT:\n  STUDENT_SIZE_TRAIN: \"[16, 16]\"\n"
    let config = try Config.load(yaml: text)
    #expect(config["EXPERIMENT.DEVICE_ID"] == .string("3"))
    #expect(config["SOLVER.BASE_LR"] == .double(0.001))
    // PyYAML reads plain 1e-6 as a string; yacs's literal_eval then makes it a float.
    #expect(config["SOLVER.LR_DECAY_ETA_MIN_LR"] == .double(0.000001))
    #expect(config["INPUT.STUDENT_SIZE_TRAIN"] == .list([.int(16), .int(16)]))
}

@Test func settingAKeyChecksItsType() throws {
    var config = Config()
    try config.set("SOLVER.BASE_LR", .double(0.02))
    #expect(try config.double("SOLVER.BASE_LR") == 0.02)
    #expect(config.source(of: "SOLVER.BASE_LR") == .program)
    #expect(config.changedKeys == ["SOLVER.BASE_LR"])
    #expect(
        throws: ConfigError.typeMismatch(
            key: "SOLVER.MAX_EPOCHS", expected: "int", actual: "float", value: "2.0",
            source: .program)
    ) {
        try config.set("SOLVER.MAX_EPOCHS", .double(2))
    }
    #expect(throws: ConfigError.unknownKey(key: "SOLVER.BASELR", source: .program, suggestion: "SOLVER.BASE_LR")) {
        try config.set("SOLVER.BASELR", .double(2))
    }
    #expect(try config.int("SOLVER.MAX_EPOCHS") == 120)
}

@Test func typedGettersRefuseTheWrongType() {
    let config = Config()
    #expect(
        throws: ConfigError.wrongAccessor(
            key: "SOLVER.BASE_LR", requested: "int", actual: "float 0.01", source: .defaults)
    ) {
        _ = try config.int("SOLVER.BASE_LR")
    }
    #expect(throws: ConfigError.unknownKey(key: "SOLVER.BASE_LRR", source: .program, suggestion: "SOLVER.BASE_LR")) {
        _ = try config.double("SOLVER.BASE_LRR")
    }
}

@Test func completionsListKeysAndSections() {
    #expect(ConfigSchema.completions(of: "RKD.P") == ["RKD.PDIST.", "RKD.PDIST.EPSILON", "RKD.PDIST.SQUARED"])
    #expect(ConfigSchema.completions(of: "SOLVER.BASE").contains("SOLVER.BASE_LR"))
}

@Test func failedMergeLeavesTheConfigUnchanged() {
    var config = Config()
    #expect(throws: ConfigError.self) {
        try config.merge(overrides: ["SOLVER.BASE_LR", "0.5", "SOLVER.NOPE", "1"])
    }
    #expect(config == Config())
}

@Test func overridesFromAScriptAreSourcedToItsFunctionAndTheCommandLineKeepsItsWords() throws {
    var config = Config()
    try config.merge(overrides: ["SOLVER.BASE_LR", "0.5"], from: .script(function: "train"))
    #expect(config.source(of: "SOLVER.BASE_LR") == .scriptOverride(function: "train"))
    #expect(config.source(of: "SOLVER.BASE_LR")?.description == "the train() overrides")
    let unreadable = ConfigError.unreadableFile(path: "c.yaml", reason: "no such file")
    #expect(unreadable.description.hasSuffix("Check the path given to --cfg."))
    let scripted = unreadable.description(for: .script(function: "config"))
    #expect(scripted.hasSuffix("Check the path given to config()."))
}
