import Checkpoints
import Configuration
import Foundation
import Models
import TensorEngine
import Testing

@testable import Training

/// The files PyTorch made for these tests (Tests/Fixtures/PyTorch/make_fixtures.py says how).
enum PyTorchFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/PyTorch")
    /// `torch.save` of a torchvision resnet18 state dict (ImageNet file format, `fc.*` included).
    static let resnet18 = folder.appendingPathComponent("resnet18_imagenet_format.pth")
    /// A teacher as upstream's trainer writes it: `student.` keys, MobileNetV3-Small, 4 classes.
    static let teacher = folder.appendingPathComponent("teacher_upstream_NONE_1.pth")

    /// The `.npy` array `name` of the folder.
    static func array(_ name: String) throws -> Tensor {
        try CheckpointFile.read(from: folder.appendingPathComponent(name + ".npy")).tensors.tensor(
            named: name)
    }

    /// A fresh folder for one test's files.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The message of the error `body` throws, or "" if it throws none.
    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return ""
    }
}

@Suite struct PyTorchWeightsTests {
    // torchvision's resnet18 has 122 state-dict entries; upstream skips `fc.weight` and `fc.bias`.
    static let resnet18BackboneTensors = 120

    /// A network, the stem of its ImageNet-format fixture files, and the tensors upstream copies
    /// from it: torchvision's resnet18 has 122 state-dict entries of which `fc.weight` and
    /// `fc.bias` are skipped; mobilenet_v3_small's 240 `features.*` entries are copied and its
    /// `classifier.*` skipped.
    static let imageNetCases: [(network: String, stem: String, copied: Int, width: Int)] = [
        ("ResNet18", "resnet18", resnet18BackboneTensors, 512),
        ("MobileNetV3_Small", "mobilenet_v3_small", 240, 576),
    ]

    @Test(arguments: imageNetCases)
    func imageNetFormatFileGivesTorchvisionsPooledFeature(
        _ network: String, _ stem: String, _ copied: Int, _ width: Int
    ) throws {
        var generator = RandomGenerator(seed: 5)
        let student = try ModelRegistry.make(
            network, numClasses: 4, lastStride: 1, generator: &generator)
        let file = PyTorchFixtures.folder.appendingPathComponent(stem + "_imagenet_format.pth")
        let source = WeightsSource(
            role: "student", network: network, file: file.path, reason: "test")
        let loaded = try ImageNetInitialisation.apply(source, to: student)
        #expect(loaded.copiedTensors == copied)
        student.setTraining(false)
        let image = try PyTorchFixtures.array(stem + "_image")
        let expected = try PyTorchFixtures.array(stem + "_pooled_feat")
        let pooled = try Tensor.withoutGradient { try student(image) }.pooledFeature
        #expect(pooled.shape == [1, width])
        let gap = zip(pooled.doubles, expected.doubles).map { abs($0 - $1) }.max() ?? .infinity
        #expect(gap < 1e-4, "\(network): largest difference from PyTorch's pooled_feat: \(gap)")
    }

    @Test func imageNetWeightsAreFoundInThePyTorchHubCache() throws {
        let home = try PyTorchFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: home) }
        let checkpoints = home.appendingPathComponent("torch/hub/checkpoints")
        let environment = ["TORCH_HOME": home.appendingPathComponent("torch").path]
        let missing = PyTorchFixtures.message {
            _ = try ImageNetInitialisation.source(
                network: "ResNet18", pretrainPath: "", pretrainChoice: true,
                environment: environment)
        }
        #expect(
            missing.contains("resnet18-5c106cde.pth") && missing.contains(checkpoints.path),
            "\(missing)")
        #expect(missing.contains("STUDENT_PRETRAIN_CHOICE False"), "\(missing)")
        let random = try ImageNetInitialisation.source(
            network: "ResNet18", pretrainPath: "", pretrainChoice: false,
            environment: environment)
        #expect(random.file == nil && random.description.contains("random initialisation"))

        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
        let cached = checkpoints.appendingPathComponent("resnet18-5c106cde.pth")
        try FileManager.default.copyItem(at: PyTorchFixtures.resnet18, to: cached)
        let found = try ImageNetInitialisation.source(
            network: "ResNet18", pretrainPath: "", pretrainChoice: true,
            environment: environment)
        #expect(found.file == cached.path)
        let fallback = ImageNetInitialisation.cacheFolders(
            for: try #require(ImageNetWeights.forNetwork(named: "MobileNetV3_Small")),
            environment: ["HOME": "/h"])
        #expect(fallback.map(\.path) == ["/h/.cache/torch/hub/checkpoints"])
    }

    @Test func swinWeightsAreFoundInTheHuggingFaceCacheOfTimm() throws {
        let hub = try PyTorchFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: hub) }
        let snapshots = hub.appendingPathComponent(
            "models--timm--swinv2_small_window8_256.ms_in1k/snapshots")
        let environment = ["HF_HUB_CACHE": hub.path]
        let missing = PyTorchFixtures.message {
            _ = try ImageNetInitialisation.source(
                network: "Swin_Transformer_V2_Small", pretrainPath: "", pretrainChoice: true,
                environment: environment)
        }
        #expect(
            missing.contains("model.safetensors") && missing.contains(snapshots.path), "\(missing)")
        let revision = snapshots.appendingPathComponent("0123abcd")
        try FileManager.default.createDirectory(at: revision, withIntermediateDirectories: true)
        let file = revision.appendingPathComponent("model.safetensors")
        try Data().write(to: file)
        let found = try ImageNetInitialisation.source(
            network: "Swin_Transformer_V2_Small", pretrainPath: "", pretrainChoice: true,
            environment: environment)
        #expect(found.file == file.path)
        let weights = try #require(ImageNetWeights.forNetwork(named: "Swin_Transformer_V2_Small"))
        #expect(
            weights.modelKey(for: "layers.1.downsample.reduction.weight")
                == "model.layers.1.downsample.reduction.weight")
        #expect(weights.modelKey(for: "head.fc.weight") == nil)
    }

    @Test func upstreamRulesStripModuleSkipFcAndNameEveryMisfit() throws {
        var generator = RandomGenerator(seed: 6)
        let student = try ModelRegistry.make("ResNet18", numClasses: 4, generator: &generator)
        let folder = try PyTorchFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("weights.safetensors")
        let conv = Tensor.full([64, 3, 7, 7], value: 0.25)
        let head = try #require(student.stateEntries().first { $0.name == "fc.classifier.weight" })
            .value.doubles
        try SafeTensorsFormat.write(
            StateDictionary(tensors: [
                ("module.conv1.weight", conv), ("module.fc.weight", Tensor.zeros([1000, 512])),
            ]), to: file)
        let source = WeightsSource(
            role: "student", network: "ResNet18", file: file.path, reason: "test")
        #expect(try ImageNetInitialisation.apply(source, to: student).copiedTensors == 1)
        let entries = student.stateEntries()
        #expect(
            try #require(entries.first { $0.name == "conv1.weight" }).value.doubles == conv.doubles)
        #expect(
            try #require(entries.first { $0.name == "fc.classifier.weight" }).value.doubles == head)

        try SafeTensorsFormat.write(
            StateDictionary(tensors: [
                ("module.conv1.weight", Tensor.zeros([64, 3, 3, 3])),
                ("layer9.weight", Tensor.zeros([2])),
            ]), to: file)
        let text = PyTorchFixtures.message {
            _ = try ImageNetInitialisation.apply(source, to: student)
        }
        #expect(text.contains(file.path) && text.contains("conv1.weight"), "\(text)")
        #expect(text.contains("[64, 3, 7, 7]") && text.contains("[64, 3, 3, 3]"), "\(text)")
        #expect(text.contains("layer9.weight [2]"), "\(text)")
    }

    @Test func studentPretrainPathInitialisesTheRunAndTheLogSaysSo() throws {
        let run = try TrainingRun(
            config: Fixture.config([
                "DISTILLER.STUDENT_NAME", "ResNet18", "DISTILLER.STUDENT_PRETRAIN_PATH",
                PyTorchFixtures.resnet18.path,
            ]), writeFolder: false)
        let source = try #require(run.weightsSources.first)
        #expect(
            source.copiedTensors == Self.resnet18BackboneTensors
                && source.file == PyTorchFixtures.resnet18.path)
        #expect(
            run.weightsReport.contains(
                "student ResNet18: 120 tensors from \(PyTorchFixtures.resnet18.path)"))
        let vanilla = try TrainingRun(config: Fixture.config([]), writeFolder: false)
        #expect(
            vanilla.weightsReport.contains(
                "random initialisation (DISTILLER.STUDENT_PRETRAIN_CHOICE is False)"))
    }

    @Test func missingStudentPretrainPathNamesTheFileAndTheLineOfTheKey() throws {
        let folder = try PyTorchFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = folder.appendingPathComponent("student.yaml")
        try "DISTILLER:\n  STUDENT_NAME: ResNet18\n  STUDENT_PRETRAIN_PATH: /nonexistent/r18.pth\n"
            .write(to: yaml, atomically: true, encoding: .utf8)
        let root = try #require(Fixture.root)
        let config = try Config.load(
            file: yaml.path,
            overrides: [
                "DATASETS.NAMES", "CUB200", "DATASETS.ROOT_DIR", root.path, "SOLVER.IMS_PER_BATCH", "4",
                "DATALOADER.NUM_INSTANCE", "1",
            ])
        let text = PyTorchFixtures.message {
            _ = try TrainingRun(config: config, writeFolder: false)
        }
        #expect(
            text.contains("DISTILLER.STUDENT_PRETRAIN_PATH") && text.contains("\(yaml.path):3"),
            "\(text)")
        #expect(text.contains("/nonexistent/r18.pth"), "\(text)")
    }

    @Test func upstreamTeacherPthDistilsAnAIRSStudent() throws {
        let run = try TrainingRun(
            config: Fixture.config([
                "DISTILLER.TYPE", "D3", "SOLVER.TRAINER", "kd", "D3.TOPK", "3",
                "DISTILLER.TEACHER_MODEL_PATH", PyTorchFixtures.teacher.path,
            ]), writeFolder: false)
        let teacherSource = try #require(run.weightsSources.last)
        let file = try CheckpointFile.read(from: PyTorchFixtures.teacher)
        #expect(
            teacherSource.role == "teacher" && teacherSource.copiedTensors == file.tensors.count)
        let teacher = try #require(run.teacher)
        let entries = teacher.stateEntries()
        let weight = try #require(entries.first { $0.name == "model.4.block.2.fc1.weight" })
        #expect(
            weight.value.doubles
                == (try file.tensors.tensor(named: "student.model.4.block.2.fc1.weight")).doubles)
        for _ in 0..<2 {
            let terms = try run.step()
            #expect(terms["loss"]?.isFinite == true && terms["loss_kd"] != nil, "\(terms)")
        }
    }

    @Test func airsWritesTheKeysShapesAndDTypesPyTorchWrites() throws {
        var generator = RandomGenerator(seed: 8)
        let network = try ModelRegistry.make(
            "MobileNetV3_Small", numClasses: 4, generator: &generator)
        let folder = try PyTorchFixtures.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = folder.appendingPathComponent("student.safetensors")
        try NetworkWeights.write(network, to: written)
        let ours = try SafeTensorsFormat.read(from: written).tensors
        let theirs = try CheckpointFile.read(from: PyTorchFixtures.teacher).tensors
        #expect(ours.names == theirs.names)
        for entry in theirs {
            let mine = try #require(ours[entry.name])
            #expect(
                mine.shape == entry.tensor.shape && mine.dtype == entry.tensor.dtype,
                "\(entry.name)")
        }
        #expect(ours["student.model.0.1.num_batches_tracked"]?.dtype == .int64)
        let copy = try ModelRegistry.make(
            "MobileNetV3_Small", numClasses: 4, initialize: false, generator: &generator)
        #expect(try NetworkWeights.load(copy, from: written) == theirs.count)
        #expect(
            copy.stateEntries().map(\.value.doubles) == network.stateEntries().map(\.value.doubles))
    }
}
