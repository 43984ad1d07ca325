import TensorEngine
import TestSupport
import Testing

@testable import Distillers

/// The upstream distiller contract: weighted `loss_ce`, `loss_triplet`, `loss_kd`, and logits.
@Suite struct DistillerTests {
    let labels = [0, 0, 1, 1, 2, 2]
    let main = NetworkOutputValues(
        logits: randomTensor([6, 3], seed: 1).cast(to: .float32),
        pooledFeature: randomTensor([6, 4], seed: 2).cast(to: .float32))

    @Test func vanillaHasAZeroKDTermAndUsesTheStudentAsGallery() throws {
        let distiller = try Distiller(type: "NONE", source: [String: SettingValue]())
        var generator = RandomGenerator(seed: 1)
        let losses = try distiller.losses(student: main, targets: labels, generator: &generator)
        #expect(try losses.distillation.item() == 0)
        #expect(!distiller.galleryUsesTeacher)
        let expected =
            try crossEntropyLoss(logits: main.logits, targets: labels, labelSmoothing: 0.1).item()
            + tripletLoss(features: main.pooledFeature, labels: labels, mining: .batchHard).loss.item()
        expectClose([try losses.total().item()], [expected], "Vanilla total", relative: 1e-6)
    }

    @Test func weightsApplyToEachTerm() throws {
        let source: [String: SettingValue] = [
            "EXPERIMENT.CE_LOSS_WEIGHT": .double(2), "EXPERIMENT.TRIPLET_LOSS_WEIGHT": .double(3),
            "EXPERIMENT.IF_LABELSMOOTH": .string("off"), "FITNET.KD_WEIGHT": .double(5),
        ]
        let distiller = try Distiller(type: "FitNet", source: source)
        let (s, t) = Fixtures.features(batch: 4, dim: 3)
        var generator = RandomGenerator(seed: 1)
        let losses = try distiller.losses(
            student: main, targets: labels, distillationStudent: Fixtures.outputs(s),
            teacher: Fixtures.outputs(t), distillationTargets: [0, 1, 2, 3], generator: &generator)
        let ce = try crossEntropyLoss(logits: main.logits, targets: labels).item()
        let triplet = try tripletLoss(features: main.pooledFeature, labels: labels, mining: .batchHard).loss.item()
        expectClose(
            [try losses.crossEntropy.item(), try losses.triplet.item(), try losses.distillation.item()],
            [2 * ce, 3 * triplet, 5 * (try fitNetLoss(student: s, teacher: t, settings: .defaults).item())],
            "weighted terms", relative: 1e-6)
        #expect(distiller.galleryUsesTeacher)
    }

    @Test func float32StudentWithAFloat64MethodGivesFloat64TotalAndFloat32Gradients() throws {
        let distiller = try Distiller(type: "D3", source: ["D3.TOPK": SettingValue.int(3)])
        let s = randomTensor([5, 4], seed: 3).cast(to: .float32).requiringGradient()
        let t = randomTensor([5, 4], seed: 4).cast(to: .float32)
        let logits = main.logits.requiringGradient()
        var generator = RandomGenerator(seed: 1)
        let losses = try distiller.losses(
            student: NetworkOutputValues(logits: logits, pooledFeature: main.pooledFeature), targets: labels,
            distillationStudent: Fixtures.outputs(s), teacher: Fixtures.outputs(t), generator: &generator)
        #expect(losses.crossEntropy.dtype == .float32 && losses.distillation.dtype == .float64)
        let total = try losses.total()
        #expect(total.dtype == .float64)
        try total.backward()
        #expect(s.gradient?.dtype == .float32 && logits.gradient?.dtype == .float32)
    }

    @Test func missingTeacherOutputsAreReported() throws {
        let distiller = try Distiller(type: "PKT", source: [String: SettingValue]())
        var generator = RandomGenerator(seed: 1)
        #expect { try distiller.losses(student: main, targets: labels, generator: &generator) } throws: {
            "\($0)".contains("distillation-batch")
        }
    }

    @Test func batchSampleDrawsFromTheSeededGenerator() throws {
        let features = randomTensor([6, 4], seed: 5)
        func draw(_ seed: UInt64) throws -> TripletResult {
            var generator = RandomGenerator(seed: seed)
            return try tripletLoss(features: features, labels: labels, mining: .batchSample, generator: &generator)
        }
        let first = try draw(7)
        let again = try draw(7)
        #expect(first.positiveIndices == again.positiveIndices && first.negativeIndices == again.negativeIndices)
        for i in 0..<labels.count {
            #expect(labels[first.positiveIndices[i]] == labels[i] && labels[first.negativeIndices[i]] != labels[i])
        }
        // Over many seeds, every allowed column is drawn at some point.
        var seen = Set<Int>()
        for seed in 0..<64 { seen.formUnion(try draw(UInt64(seed)).negativeIndices.prefix(1)) }
        #expect(seen == [2, 3, 4, 5])
        #expect(throws: DistillerError.self) {
            try tripletLoss(features: features, labels: labels, mining: .batchSample)
        }
        #expect(throws: DistillerError.self) {
            try tripletLoss(
                features: features, labels: labels, mining: .batchSample,
                injected: (positive: [2, 0, 2, 3, 4, 5], negative: [2, 2, 0, 0, 0, 0]))
        }
    }
}
