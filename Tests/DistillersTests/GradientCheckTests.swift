import TensorEngine
import TestSupport
import Testing

@testable import Distillers

/// Each method's full `loss_kd` (through the registry and the `DistillationMethod` contract)
/// against central finite differences on small random inputs.
@Suite struct GradientCheckTests {
    @Test(arguments: ["VanillaKD", "FitNet", "PKT", "RKD", "CC", "CSD", "RAML", "ROP", "D3"])
    func methodLoss(_ name: String) throws {
        let batch = 6
        let (student, teacher) = Fixtures.features(batch: batch)
        let source: [String: SettingValue] = ["CSD.TOPK": .int(4), "ROP.TOPK": .int(5), "D3.TOPK": .int(4)]
        let method = try DistillerRegistry.make(name, source: source)
        let error = try gradientCheck([student]) { inputs in
            try method.distillationLoss(
                student: Fixtures.outputs(inputs[0]), teacher: Fixtures.outputs(teacher), targets: [])
        }
        #expect(error < 1e-5, "\(name): finite-difference error \(error)")
    }

    @Test func ugdLossThroughMapsFeaturesAndProjectors() throws {
        let (batch, channels, width, classes) = (4, 3, 5, 3)
        let studentMap = randomTensor([batch, channels, 5, 3], seed: 1)
        let teacherMap = randomTensor([batch, 4, 6, 4], seed: 2)
        let (student, teacher) = Fixtures.features(batch: batch, dim: width)
        let head = Fixtures.head(channels: 4, width: width, classes: classes, seed: 3)
        // Targets set to the teacher's own predictions for cell 0, so that both masks are non-empty.
        let predicted = try head.classify(adaptiveAveragePoolRows(teacherMap, grid: 1)).logits.argmax(axis: 1)
        let parameters = try [
            Tensor.ones([channels], dtype: .float64), randomTensor([channels], seed: 4, scale: 0.1),
            randomTensor([width, channels], seed: 5), randomTensor([width], seed: 6, scale: 0.2) + 1,
            randomTensor([width], seed: 7, scale: 0.1),
        ]
        let settings = try UGD.Settings.defaults
        let error = try gradientCheck([studentMap, student] + parameters + parameters) { inputs in
            let projector = TensorProjector(weights: Array(inputs[2...6]))
            let half = TensorProjector(weights: Array(inputs[7...11]))
            let inputs = UGDInputs(
                studentMap: inputs[0], teacherMap: teacherMap, student: inputs[1], teacher: teacher, targets: predicted)
            let terms = try ugdTerms(inputs, teacherHead: head, projector: projector, projectorHalf: half, gridSize: 2)
            #expect(terms.localMaskCount > 0 && terms.localHalfMaskCount > 0)
            return try ugdLoss(
                inputs, teacherHead: head, projector: projector, projectorHalf: half, gridSize: 2, settings: settings)
        }
        #expect(error < 1e-5, "UGD: finite-difference error \(error)")
    }

    @Test(arguments: TripletMining.allCases)
    func tripletLoss(_ mining: TripletMining) throws {
        let features = randomTensor([8, 4], seed: 21)
        let labels = [0, 1, 2, 3, 0, 1, 2, 3]
        let columns = (positive: [4, 5, 6, 7, 0, 1, 2, 3], negative: [1, 2, 3, 0, 1, 2, 3, 0])
        let error = try gradientCheck([features]) { inputs in
            try Distillers.tripletLoss(
                features: inputs[0], labels: labels, mining: mining, margin: 2,
                injected: mining == .batchSample ? columns : nil
            ).loss
        }
        #expect(error < 1e-5, "\(mining): finite-difference error \(error)")
    }

    @Test(arguments: [0.0, 0.1])
    func crossEntropy(_ smoothing: Double) throws {
        let error = try gradientCheck([randomTensor([5, 4], seed: 31)]) { inputs in
            try crossEntropyLoss(logits: inputs[0], targets: [0, 3, 1, 2, 3], labelSmoothing: smoothing)
        }
        #expect(error < 1e-6)
    }
}

/// UGD's projector over plain tensors (not parameters), so that the gradient check can vary
/// them; running statistics start at mean 0, variance 1 on every call.
private struct TensorProjector: RowProjector {
    let weights: [Tensor]

    func callAsFunction(_ rows: Tensor) throws -> Tensor {
        let (channels, width) = (weights[0].shape[0], weights[3].shape[0])
        let dtype = weights[0].dtype
        var statistics = UGDProjector.Statistics(
            mean1: .zeros([channels], dtype: dtype), variance1: .ones([channels], dtype: dtype),
            mean2: .zeros([width], dtype: dtype), variance2: .ones([width], dtype: dtype))
        return try UGDProjector.project(rows, weights: weights, statistics: &statistics, training: true)
    }
}
