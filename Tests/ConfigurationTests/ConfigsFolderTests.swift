import Foundation
import Testing

@testable import Configuration

/// Every config AIRS ships, relative to `Configs/`.
private let shippedConfigs = TestPaths.yamlFiles(under: TestPaths.airsConfigs)

private func load(_ relative: String) throws -> Config {
    try Config.load(file: TestPaths.airsConfigs.appendingPathComponent(relative).path)
}

@Test func configsTreeHoldsUpstreamAndOfflineDatasets() {
    let upstream = TestPaths.yamlFiles(under: TestPaths.upstreamConfigs)
    #expect(upstream.allSatisfy(shippedConfigs.contains))
    #expect(shippedConfigs.contains { $0.hasPrefix("Synthetic/") })
    #expect(shippedConfigs.contains { $0.hasPrefix("FashionMNIST/") })
}

@Test(arguments: shippedConfigs)
func everyShippedConfigLoadsAndMatchesItsPath(relative: String) throws {
    let config = try load(relative)
    let parts = relative.split(separator: "/").map(String.init)
    try #require(parts.count == 3)
    let dataset = parts[0]
    let offline = dataset == "Synthetic" || dataset == "FashionMNIST"
    #expect(try config.string("DATASETS.NAMES") == (offline ? "CUB200" : dataset))
    #expect(try config.string("EXPERIMENT.DEVICE_ID") == "0")
    let root = try config.string("DATASETS.ROOT_DIR")
    #expect(offline ? root.hasPrefix("./data/") : root.isEmpty)
    #expect(try config.string("OUTPUT_DIR.EXPERIMENT_NAME").hasPrefix(dataset + "_"))
    let size = { (key: String) throws -> String in
        let hw = try config.ints(key)
        return "\(hw[0])x\(hw[1])"
    }
    if parts[1] == "Vanilla" {
        #expect(try config.string("DISTILLER.TYPE") == "NONE")
        #expect(parts[2].hasSuffix("_\(try size("INPUT.STUDENT_SIZE_TRAIN")).yaml"))
        return
    }
    // `<Teacher>_<HxW>_<Student>_<HxW>/<METHOD>.yaml`
    let method = String(parts[2].dropLast(5))
    #expect(try config.string("DISTILLER.TYPE") == method)
    #expect(try config.string("SOLVER.TRAINER") == "kd")
    #expect(parts[1].hasSuffix("_\(try size("INPUT.STUDENT_SIZE_TRAIN"))"))
    #expect(parts[1].hasSuffix("_\(try size("INPUT.STUDENT_SIZE_TEST"))"))
    #expect(parts[1].contains("_\(try size("INPUT.TEACHER_SIZE_TRAIN"))_"))
    // Upstream spells the networks in full here (`MobileNetV3_Small`), so only the prefix is fixed.
    #expect(try config.string("OUTPUT_DIR.EXPERIMENT_NAME").hasPrefix("\(dataset)_\(method)_"))
    let teacherPath = try config.string("DISTILLER.TEACHER_MODEL_PATH")
    #expect(teacherPath.contains("/\(dataset)_"))
    let distillationBatch = try config.int("SOLVER.IMS_DISTILLATION_PER_BATCH")
    if method == "ROP" { #expect(try config.int("ROP.TOPK") <= distillationBatch) }
    if method == "D3" { #expect(try config.int("D3.TOPK") >= 2) }
}

@Test func everyRunWritesToItsOwnFolder() throws {
    var owners: [String: String] = [:]
    for relative in shippedConfigs {
        let config = try load(relative)
        let folder = try config.string("OUTPUT_DIR.ROOT_PATH") + "/" + config.string("OUTPUT_DIR.EXPERIMENT_NAME")
        #expect(owners[folder] == nil, "\(relative) and \(owners[folder] ?? "") both write to \(folder)")
        owners[folder] = relative
    }
}

@Test func fixedFilesSayWhatWasFixed() throws {
    let fixedRKD = try String(
        contentsOf: TestPaths.airsConfigs.appendingPathComponent(
            "CUB200/ResNet101_384x384_ResNet18_128x128/RKD.yaml"), encoding: .utf8)
    #expect(fixedRKD.hasPrefix("# AIRS fix of upstream"))
    #expect(
        try load("CUB200/ResNet101_384x384_ResNet18_128x128/RKD.yaml").ints("INPUT.STUDENT_SIZE_TRAIN") == [128, 128])
    #expect(
        try load("InShop/ResNet101_256x256_ResNet18_64x64/VanillaKD.yaml").string("DISTILLER.TEACHER_NAME")
            == "ResNet101")
    // Files that needed no fix are byte-identical copies of upstream.
    for relative in TestPaths.yamlFiles(under: TestPaths.upstreamConfigs) {
        let ours = try String(contentsOf: TestPaths.airsConfigs.appendingPathComponent(relative), encoding: .utf8)
        let theirs = try String(contentsOf: TestPaths.upstreamConfigs.appendingPathComponent(relative), encoding: .utf8)
        #expect(ours.hasPrefix("# AIRS fix of upstream Training_Configs/\(relative)") || ours == theirs, "\(relative)")
    }
}

/// A shipped config asks only for what AIRS implements.
@Test(arguments: shippedConfigs)
func everyShippedConfigIsSupported(relative: String) throws {
    try load(relative).checkSupported()
}
