import Testing

@testable import Configuration

@Test func keysAndValuesKeepTheirLineAndColumn() throws {
    let node = try #require(try YAMLParser(file: "t.yaml").parse("SOLVER:\n  BASE_LR: 0.02\n  STEPS: [1, 2]\n"))
    guard case .mapping(let top) = node.content, case .mapping(let inner) = top[0].value.content else {
        Issue.record("not nested mappings")
        return
    }
    #expect((top[0].key.line, top[0].key.column) == (1, 1))
    #expect((inner[0].key.line, inner[0].key.column) == (2, 3))
    #expect((inner[0].value.line, inner[0].value.column) == (2, 12))
    #expect((inner[1].value.line, inner[1].value.column) == (3, 10))
}

@Test func emptyStreamIsNone() throws {
    #expect(try YAMLParser(file: "t.yaml").parse("") == nil)
    #expect(try YAMLParser(file: "t.yaml").parse("# only a comment\n") == nil)
}

@Test func badIndentationNamesFileLineAndColumn() {
    let text = "DISTILLER:\n  TYPE: \"VanillaKD\"\n   TEACHER_NAME: \"ResNet101\"\n"
    do {
        _ = try Config.load(yaml: text, file: "bad.yaml")
        Issue.record("malformed YAML loaded")
    } catch {
        guard case .malformedYAML(let file, let line, _, let problem) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(file == "bad.yaml")
        #expect(line == 3)
        #expect(problem.contains("expected key"))
        #expect(error.description.hasPrefix("bad.yaml:3:"))
    }
}

@Test func unterminatedQuoteIsMalformed() {
    #expect {
        _ = try Config.load(yaml: "SOLVER:\n  TRAINER: \"kd\n", file: "q.yaml")
    } throws: { error in
        guard case ConfigError.malformedYAML(let file, let line, _, _) = error else { return false }
        return file == "q.yaml" && line >= 2
    }
}

@Test func secondDocumentIsRejected() {
    #expect {
        _ = try Config.load(yaml: "SOLVER:\n  TRAINER: kd\n---\nTEST:\n  WEIGHT: 1\n", file: "two.yaml")
    } throws: { error in
        guard case ConfigError.malformedYAML(_, let line, _, let problem) = error else { return false }
        return line == 3 && problem.contains("single document")
    }
}

@Test func anchorsAndAliasesAreResolved() throws {
    let config = try Config.load(yaml: "INPUT:\n  STUDENT_SIZE_TRAIN: &s [32, 32]\n  STUDENT_SIZE_TEST: *s\n")
    #expect(try config.ints("INPUT.STUDENT_SIZE_TEST") == [32, 32])
}

@Test func topLevelListIsNotAConfig() {
    #expect(throws: ConfigError.notAMapping(file: "l.yaml", line: 1, column: 1, found: "a list")) {
        _ = try Config.load(yaml: "- 1\n- 2\n", file: "l.yaml")
    }
}

@Test func mergeKeysBringInAnchoredMappings() throws {
    // Checked against PyYAML: explicit keys win, earlier mappings in a merge list win.
    let yaml =
        "SOLVER:\n  <<: &base {BASE_LR: 0.5, MAX_EPOCHS: 7}\n  MAX_EPOCHS: 9\nTEST:\n  <<: [{WEIGHT: 1}, {WEIGHT: 2, IMS_PER_BATCH: 4}]\n"
    let config = try Config.load(yaml: yaml)
    #expect(try config.double("SOLVER.BASE_LR") == 0.5)
    #expect(try config.int("SOLVER.MAX_EPOCHS") == 9)
    #expect(try config.int("TEST.WEIGHT") == 1)
    #expect(try config.int("TEST.IMS_PER_BATCH") == 4)
}
