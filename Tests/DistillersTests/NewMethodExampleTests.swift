import Distillers
import TensorEngine
import TestSupport
import Testing

// The worked example of Sources/Distillers/README.md, verbatim except for `public`: a new
// method is this one file plus one registry line.

/// Cosine distillation: `mean_b (1 − cos(s_b, t_b))^POWER` on the retrieval embeddings.
func cosineKDLoss(student: Tensor, teacher: Tensor, settings: CosineKD.Settings) throws -> Tensor {
    let cosine = try (student.l2Normalized(axis: 1) * teacher.detached().l2Normalized(axis: 1)).sum(axis: 1)
    return try (1 - cosine).pow(settings.power).mean()
}

/// CosineKD (`DISTILLER.TYPE: CosineKD`, section `COSINE`).
struct CosineKD: DistillationMethod {
    static let typeName = "CosineKD"

    struct Settings: MethodSettings, Equatable {
        static let section = "COSINE"
        var power: Double
        var kdWeight: Double
        init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            power = try reader.double("POWER")
            kdWeight = try reader.double("KD_WEIGHT")
            try reader.finish()
        }
    }

    let settings: Settings
    init(settings: Settings, context: DistillerContext) { self.settings = settings }

    func distillationLoss(student: any NetworkOutputs, teacher: any NetworkOutputs, targets: [Int]) throws -> Tensor {
        try cosineKDLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

/// The example works end to end: settings, errors, value, gradient, and the distiller contract.
@Suite struct NewMethodExampleTests {
    @Test func exampleMethodWorksLikeTheBuiltInOnes() throws {
        let source: [String: SettingValue] = [
            "COSINE.POWER": .double(2), "COSINE.KD_WEIGHT": .int(3), "D3.TOPK": .int(4),
        ]
        let method = try CosineKD(source: source)
        #expect(method.settings.power == 2 && method.settings.kdWeight == 3)
        #expect { try CosineKD(source: ["COSINE.POWR": SettingValue.int(2)]) } throws: {
            "\($0)".contains("COSINE.POWER")
        }

        let (s, t) = Fixtures.features(batch: 4, dim: 3)
        let sd = s.doubles
        let td = t.doubles
        var expected = 0.0
        for row in 0..<4 {
            let a = Array(sd[(row * 3)..<(row * 3 + 3)])
            let b = Array(td[(row * 3)..<(row * 3 + 3)])
            let dot = zip(a, b).map(*).reduce(0, +)
            let norms = (a.map { $0 * $0 }.reduce(0, +) * b.map { $0 * $0 }.reduce(0, +)).squareRoot()
            expected += (1 - dot / norms) * (1 - dot / norms) / 4
        }
        let loss = try method.distillationLoss(student: Fixtures.outputs(s), teacher: Fixtures.outputs(t), targets: [])
        expectClose([try loss.item()], [3 * expected], "CosineKD", relative: 1e-12)
        let error = try gradientCheck([s]) { inputs in
            try method.distillationLoss(student: Fixtures.outputs(inputs[0]), teacher: Fixtures.outputs(t), targets: [])
        }
        #expect(error < 1e-6)

        let distiller = Distiller(shared: try .defaults, method: method)
        var generator = RandomGenerator(seed: 1)
        let main = NetworkOutputValues(
            logits: randomTensor([4, 2], seed: 3), pooledFeature: randomTensor([4, 3], seed: 4))
        let losses = try distiller.losses(
            student: main, targets: [0, 0, 1, 1], distillationStudent: Fixtures.outputs(s),
            teacher: Fixtures.outputs(t), generator: &generator)
        #expect(try losses.distillation.item() == loss.item())
    }
}
