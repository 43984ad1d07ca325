import TensorEngine
import TestSupport
import Testing

@testable import Distillers

/// The spec's edge cases: top-k beyond the batch, single-sample classes, all-equal features,
/// empty UGD masks, and the degenerate settings upstream turns into NaN or crashes.
@Suite struct EdgeCaseTests {
    let student = Fixtures.features(batch: 5, dim: 4).student
    let teacher = Fixtures.features(batch: 5, dim: 4).teacher

    @Test func csdTopKLargerThanBatchUsesTheWholeBatch() throws {
        var large = try CSD.Settings.defaults
        var exact = try CSD.Settings.defaults
        large.topK = 9
        exact.topK = 5
        let a = try csdLoss(student: student, teacher: teacher, settings: large).item()
        let b = try csdLoss(student: student, teacher: teacher, settings: exact).item()
        #expect(a == b)
    }

    @Test func d3TopKLargerThanBatchStillDividesByTopKMinusOne() throws {
        var large = try D3.Settings.defaults
        var exact = try D3.Settings.defaults
        large.topK = 8
        exact.topK = 5
        let a = try d3stillTerms(student: student, teacher: teacher, settings: large)
        let b = try d3stillTerms(student: student, teacher: teacher, settings: exact)
        #expect(try a.feature.item() == b.feature.item())
        expectClose(
            [try a.hard.item(), try a.simple.item()], [try b.hard.item() * 4 / 7, try b.simple.item() * 4 / 7],
            "D3 K > B")
        // Each of the 5 rows has 4 ranked columns, so 4·3 off-diagonal ordered pairs (no ties).
        #expect(a.hardPairCount + a.simplePairCount == 5 * 4 * 3)
    }

    @Test func ropTopKLargerThanBatchThrowsNamingTheKey() throws {
        var settings = try ROP.Settings.defaults
        settings.topK = 6
        #expect { try ropLoss(student: student, teacher: teacher, settings: settings) } throws: { error in
            "\(error)".contains("ROP.TOPK") && "\(error)".contains("6")
        }
    }

    @Test func d3TopKOfOneIsRejected() throws {
        #expect { try D3.Settings(["D3.TOPK": SettingValue.int(1)]) } throws: { "\($0)".contains("D3.TOPK") }
        var settings = try D3.Settings.defaults
        settings.topK = 1
        #expect(throws: DistillerError.self) { try d3stillLoss(student: student, teacher: teacher, settings: settings) }
    }

    @Test func tripletWithAClassOfOneSampleAmongLargerClassesThrows() throws {
        let features = randomTensor([5, 3], seed: 3)
        #expect(throws: DistillerError.unequalClassCounts(counts: [2, 2, 2, 2, 1])) {
            try tripletLoss(features: features, labels: [0, 0, 1, 1, 2], mining: .batchHard)
        }
    }

    @Test(arguments: TripletMining.allCases)
    func tripletWithOneSamplePerClassUsesTheSelfDistance(_ mining: TripletMining) throws {
        let features = randomTensor([4, 3], seed: 4)
        var generator = RandomGenerator(seed: 9)
        let result = try tripletLoss(features: features, labels: [0, 1, 2, 3], mining: mining, generator: &generator)
        // The expanded-form self-distance is sqrt(max(residue, 1e-12)), about 1e-6 in float64.
        #expect(result.positiveDistances.doubles.allSatisfy { $0 < 1e-5 })
        if mining != .batchSoft { #expect(result.positiveIndices == [0, 1, 2, 3]) }
        #expect(try result.loss.item().isFinite)
    }

    @Test func tripletWithOneLabelThrows() throws {
        #expect(throws: DistillerError.self) {
            try tripletLoss(features: randomTensor([3, 2], seed: 5), labels: [1, 1, 1], mining: .batchHard)
        }
    }

    @Test func tripletUnknownMethodListsTheValidOnes() throws {
        #expect { try TripletMining(name: "batch_all") } throws: { error in
            TripletMining.allCases.allSatisfy { "\(error)".contains($0.rawValue) }
        }
    }

    @Test func tripletWithAllEqualFeaturesGivesTheMarginAndNoGradient() throws {
        let features = Tensor.full([6, 3], value: 0.7, dtype: .float64).requiringGradient()
        let result = try tripletLoss(features: features, labels: [0, 0, 1, 1, 2, 2], mining: .batchHard, margin: 0.3)
        expectClose([try result.loss.item()], [0.3], "all-equal triplet", relative: 1e-6)
        try result.loss.backward()
        let gradient = features.gradient?.doubles ?? []
        #expect(gradient.allSatisfy { $0 == 0 })
    }

    @Test func everyMethodIsFiniteOnAllEqualFeatures() throws {
        let equal = Tensor.full([5, 4], value: 0.5, dtype: .float64)
        for method in try Fixtures.featureMethods(batch: 5) {
            let leaf = equal.requiringGradient()
            let loss = try method.distillationLoss(
                student: Fixtures.outputs(leaf), teacher: Fixtures.outputs(equal), targets: [])
            try loss.backward()
            let name = type(of: method).typeName
            #expect(try loss.item().isFinite, "\(name) loss")
            let gradient = leaf.gradient?.doubles ?? [0]
            #expect(gradient.allSatisfy { $0.isFinite }, "\(name) gradient")
        }
    }

    @Test func ugdWithEmptyMasksKeepsOnlyTheGlobalTerm() throws {
        let (batch, width) = (3, 4)
        let head = Fixtures.head(channels: 2, width: width, classes: 10, seed: 8)
        let teacherMap = randomTensor([batch, 2, 4, 4], seed: 9)
        // Every target differs from every cell's teacher prediction: both masks are empty.
        let cells = try head.classify(adaptiveAveragePoolRows(teacherMap, grid: 2)).logits.argmax(axis: 1)
        let half = try head.classify(adaptiveAveragePoolRows(teacherMap, grid: 1)).logits.argmax(axis: 1)
        guard let target = (0..<10).first(where: { !cells.contains($0) && !half.contains($0) }) else {
            Issue.record("fixture: the teacher head predicts every class")
            return
        }
        var generator = RandomGenerator(seed: 1)
        let projector = UGDProjector(channels: 2, width: width, dtype: .float64, generator: &generator)
        let projectorHalf = UGDProjector(channels: 2, width: width, dtype: .float64, generator: &generator)
        let s = randomTensor([batch, width], seed: 10).requiringGradient()
        let t = randomTensor([batch, width], seed: 11)
        let inputs = UGDInputs(
            studentMap: randomTensor([batch, 2, 4, 4], seed: 12), teacherMap: teacherMap,
            student: s, teacher: t, targets: Array(repeating: target, count: batch))
        let terms = try ugdTerms(
            inputs, teacherHead: head, projector: projector, projectorHalf: projectorHalf, gridSize: 2)
        #expect(terms.localMaskCount == 0 && terms.localHalfMaskCount == 0)
        #expect(terms.local.shape == [] && terms.local.dtype == .float64)
        #expect(try terms.local.item() == 0)
        let loss = try ugdLoss(
            inputs, teacherHead: head, projector: projector, projectorHalf: projectorHalf,
            gridSize: 2, settings: (try UGD.Settings.defaults))
        expectClose([try loss.item()], [try terms.global.item() * 2], "UGD empty masks")
        try loss.backward()
        #expect(projector.ownParameters.allSatisfy { $0.parameter.gradient == nil })
        #expect(s.gradient != nil)
        // The projectors still ran: their running statistics moved off the initial 0 / 1.
        #expect(projector.bn1RunningMean.value.doubles.contains { $0 != 0 })
    }

    @Test func ccNeedsTwoSamples() throws {
        let (s, t) = Fixtures.features(batch: 1, dim: 3)
        #expect { try ccLoss(student: s, teacher: t, settings: .defaults) } throws: { "\($0)".contains("CC") }
    }

    @Test func mismatchedWidthsAreRejected() throws {
        let s = randomTensor([4, 3], seed: 1)
        let t = randomTensor([4, 5], seed: 2)
        for method in try Fixtures.featureMethods(batch: 4) {
            #expect(throws: DistillerError.self) {
                try method.distillationLoss(student: Fixtures.outputs(s), teacher: Fixtures.outputs(t), targets: [])
            }
        }
    }

    @Test func adaptivePoolingMatchesPyTorchBins() throws {
        // A 5×3 map to 2×2: rows [0,3) and [2,5), cols [0,2) and [1,3) (overlapping bins).
        let map = try Tensor(shape: [1, 1, 5, 3], doubles: (0..<15).map(Double.init))
        let pooled = try adaptiveAveragePoolRows(map, grid: 2).doubles
        let cell = { (rows: Range<Int>, cols: Range<Int>) -> Double in
            let values = rows.flatMap { r in cols.map { Double(r * 3 + $0) } }
            return values.reduce(0, +) / Double(values.count)
        }
        expectClose(
            pooled, [cell(0..<3, 0..<2), cell(0..<3, 1..<3), cell(2..<5, 0..<2), cell(2..<5, 1..<3)], "pooling bins",
            relative: 1e-15)
        // A 1×1 map to 2×2 repeats the single value.
        #expect(
            try adaptiveAveragePoolRows(Tensor(shape: [1, 1, 1, 1], doubles: [4]), grid: 2).doubles == [4, 4, 4, 4])
    }
}
