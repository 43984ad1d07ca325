import Testing

@testable import Configuration

@Test func typedSectionsReadEveryKeyOfTheirSection() throws {
    let config = try Config.load(
        file: TestPaths.upstreamConfigs
            .appendingPathComponent("CUB200/ResNet101_256x256_ResNet18_128x128/D3.yaml").path)
    let views: [(String, Any)] = [
        ("EXPERIMENT", try config.experiment), ("DISTILLER", try config.distiller), ("INPUT", try config.input),
        ("DATASETS", try config.datasets), ("DATALOADER", try config.dataLoader), ("SOLVER", try config.solver),
        ("TEST", try config.test), ("OUTPUT_DIR", try config.outputDirectory),
    ]
    for (section, view) in views {
        let keys = ConfigSchema.keys.filter { $0.hasPrefix(section + ".") }
        #expect(Mirror(reflecting: view).children.count == keys.count, "\(section)")
    }
    #expect(try config.solver.baseLR == 0.01)
    #expect(try config.solver.lrDecaySteps == [40])
    #expect(try config.distiller.type == "D3")
    #expect(try config.input.studentSizeTrain == [128, 128])
    #expect(try config.input.pixelMean == [0.485, 0.456, 0.406])
    #expect(try config.test.reRankingParameters == [60, 10, 0.3])
    #expect(try config.datasets.names == "CUB200")
    #expect(try config.outputDirectory.experimentName == "CUB200_D3_ResNet101_256x256_ResNet18_128x128")
}

@Test func aNullValueStopsTheTypedView() {
    #expect(
        throws: ConfigError.wrongAccessor(
            key: "SOLVER.SEED", requested: "int", actual: "NoneType None",
            source: .file(path: "n.yaml", line: 2, column: 9))
    ) {
        _ = try Config.load(yaml: "SOLVER:\n  SEED: null\n", file: "n.yaml").solver
    }
}
