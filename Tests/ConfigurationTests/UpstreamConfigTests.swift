import Foundation
import Testing

@testable import Configuration

/// Upstream files that are not valid YAML (spec/config.md §3.3).
private let brokenUpstreamFiles: [String: Int] = [
    // 3-space indentation before TEACHER_NAME: libyaml stops on that line.
    "InShop/ResNet101_256x256_ResNet18_64x64/VanillaKD.yaml": 17
]

@Test func upstreamTreeIsPresent() {
    // Guards the parameterised test below against silently running on an empty folder.
    #expect(
        !TestPaths.yamlFiles(under: TestPaths.upstreamConfigs).isEmpty,
        "no YAML under \(TestPaths.upstreamConfigs.path)")
    #expect(brokenUpstreamFiles.keys.allSatisfy(TestPaths.yamlFiles(under: TestPaths.upstreamConfigs).contains))
}

@Test(arguments: TestPaths.yamlFiles(under: TestPaths.upstreamConfigs))
func everyValidUpstreamFileLoads(relative: String) throws {
    let path = TestPaths.upstreamConfigs.appendingPathComponent(relative).path
    if let line = brokenUpstreamFiles[relative] {
        do {
            _ = try Config.load(file: path)
            Issue.record("\(relative) should not load")
        } catch {
            guard case .malformedYAML(let file, let errorLine, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(file == path)
            #expect(errorLine == line)
            #expect(error.description.contains(relative))
            #expect(error.description.contains(":\(line):"))
        }
        return
    }
    let config = try Config.load(file: path)
    // Every upstream file names its dataset and method.
    #expect(["CUB200", "InShop", "SOP", "MSMT17"].contains(try config.string("DATASETS.NAMES")))
    // One upstream file trains on the wrong dataset (fixed in Configs/, see its README).
    let wrongDataset = relative == "InShop/Swin_Transformer_V2_Small_256x256_ResNet18_64x64/UGD.yaml"
    #expect(relative.hasPrefix(try config.string("DATASETS.NAMES")) != wrongDataset)
    let method = try config.string("DISTILLER.TYPE")
    if relative.contains("/Vanilla/") {
        #expect(method == "NONE")
        #expect(try config.string("SOLVER.TRAINER") == "vanilla")
    } else {
        #expect(relative.hasSuffix("/\(method).yaml"))
        #expect(try config.string("SOLVER.TRAINER") == "kd")
    }
}

@Test func upstreamValuesAreDecodedAsYacsDoes() throws {
    let path = TestPaths.upstreamConfigs.appendingPathComponent("CUB200/ResNet101_256x256_ResNet18_128x128/D3.yaml")
        .path
    let config = try Config.load(file: path)
    // `DEVICE_ID: "'0'"` is a quoted Python literal: yacs evaluates it to the string 0.
    #expect(config["EXPERIMENT.DEVICE_ID"] == .string("0"))
    #expect(config["D3.ALPHA"] == .double(100.0))
    #expect(config["D3.TOPK"] == .int(10))
    #expect(try config.ints("INPUT.STUDENT_SIZE_TRAIN") == [128, 128])
    #expect(try config.ints("SOLVER.LR_DECAY_STEPS") == [40])
    #expect(config["INPUT.RE_PROB"] == .double(0.0))
    #expect(config["DATASETS.ROOT_DIR"] == .string(""))
    #expect(config.source(of: "D3.ALPHA") == .file(path: path, line: 24, column: 10))
    #expect(config.source(of: "D3.KD_WEIGHT") != .defaults)
    #expect(config.source(of: "SOLVER.SEED") == .defaults)
}

@Test func swinVanillaUsesAdamWAtOneInTenThousand() throws {
    let path = TestPaths.upstreamConfigs.appendingPathComponent(
        "SOP/Vanilla/Vanilla_Swin_Transformer_Small_256x256.yaml"
    ).path
    let config = try Config.load(file: path)
    #expect(try config.double("SOLVER.BASE_LR") == 0.0001)
    #expect(try config.string("SOLVER.OPTIMIZER_NAME") == "AdamW")
}
