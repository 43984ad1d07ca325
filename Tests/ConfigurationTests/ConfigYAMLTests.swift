import Foundation
import Testing

@testable import Configuration

@Test func defaultsRoundTrip() throws {
    let config = Config()
    #expect(try Config.load(yaml: config.yaml()) == config)
}

@Test func awkwardValuesRoundTrip() throws {
    var config = Config()
    for (key, value) in [
        ("EXPERIMENT.DEVICE_ID", ConfigValue.string("0")), ("EXPERIMENT.DEVICE", .string("True")),
        ("DATASETS.ROOT_DIR", .string("a \"quoted\" path\\with 'both'\n")), ("DATASETS.NAMES", .string("[1, 2]")),
        ("OUTPUT_DIR.EXPERIMENT_NAME", .string("on")), ("OUTPUT_DIR.ROOT_PATH", .string("")),
        ("SOLVER.BASE_LR", .double(1e-7)), ("SOLVER.MOMENTUM", .double(1e20)),
        ("SOLVER.LR_DECAY_GAMMA", .double(.infinity)),
        ("SOLVER.WEIGHT_DECAY", .double(-0.0)), ("SOLVER.SEED", .null),
        ("INPUT.PIXEL_MEAN", .list([.int(0), .double(0.5), .double(1e-5)])),
        ("SOLVER.LR_DECAY_STEPS", .list([])), ("TEST.RE_RANKING", .bool(true)), ("SOLVER.MAX_EPOCHS", .int(-3)),
    ] {
        try config.set(key, value)
    }
    let text = config.yaml(header: "resolved config\nsecond line")
    #expect(text.hasPrefix("# resolved config\n# second line\nEXPERIMENT:\n"))
    #expect(text.contains("  DEVICE_ID: \"'0'\"\n"))
    #expect(text.contains("  BASE_LR: 1.0e-07\n"))
    #expect(try Config.load(yaml: text) == config)
}

@Test func everyUpstreamFileRoundTrips() throws {
    for relative in TestPaths.yamlFiles(under: TestPaths.upstreamConfigs) {
        let path = TestPaths.upstreamConfigs.appendingPathComponent(relative).path
        guard let config = try? Config.load(file: path) else { continue }
        #expect(try Config.load(yaml: config.yaml(), file: relative + " (dumped)") == config, "\(relative)")
    }
}

@Test func writtenFileLoadsBack() throws {
    let folder = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("config.yaml").path
    let config = try Config.load(yaml: "D3:\n  TOPK: 4\n", overrides: ["SOLVER.BASE_LR", "0.5"])
    try config.write(to: path)
    #expect(try Config.load(file: path) == config)
}

@Test func missingFileAndUnwritablePathAreNamed() {
    #expect {
        _ = try Config.load(file: "/nonexistent/airs.yaml")
    } throws: { error in
        guard case ConfigError.unreadableFile(let path, _) = error else { return false }
        return path == "/nonexistent/airs.yaml" && "\(error)".hasPrefix("/nonexistent/airs.yaml: cannot read")
    }
    #expect {
        try Config().write(to: "/nonexistent/folder/config.yaml")
    } throws: { error in
        guard case ConfigError.unwritableFile(let path, _) = error else { return false }
        return path == "/nonexistent/folder/config.yaml"
    }
}

@Test func showMarksChangedValuesWithTheirSource() throws {
    let config = try Config.load(
        yaml: "RKD:\n  PDIST:\n    SQUARED: True\n", file: "r.yaml", overrides: ["SOLVER.BASE_LR", "0.5"])
    let full = config.show()
    #expect(full.contains("RKD:\n  DISTANCE_WEIGHT: 25\n"))
    #expect(full.contains("  PDIST:\n    EPSILON: 1e-12\n    SQUARED: True"))
    #expect(full.contains("# r.yaml:3:14"))
    #expect(full.contains("  IMS_PER_BATCH: 96\n"))
    let changed = config.show(onlyChanged: true)
    let lines = changed.split(separator: "\n").map {
        $0.replacingOccurrences(of: "\\s+# ", with: " # ", options: .regularExpression)
    }
    #expect(
        lines == [
            "RKD:", "  PDIST:", "    SQUARED: True # r.yaml:3:14", "SOLVER:",
            "  BASE_LR: 0.5 # command line (argument 1)",
        ])
    #expect(Config().show(onlyChanged: true) == "(every key has its default value)\n")
}
