import TensorEngine
import TestSupport
import Testing

/// Batch, instance and layer norm and dropout: values, running statistics, gradients, errors.
@Suite struct NormalizationTests {
    let x = randomTensor([4, 3, 2, 3], seed: 1)
    let weight = randomTensor([3], seed: 2)
    let bias = randomTensor([3], seed: 3)

    func batchNorm(_ x: Tensor, _ w: Tensor?, _ b: Tensor?, training: Bool = true) throws -> Tensor {
        var mean = Tensor.zeros([x.shape[1]], dtype: .float64)
        var variance = Tensor.ones([x.shape[1]], dtype: .float64)
        return try x.batchNorm(weight: w, bias: b, runningMean: &mean, runningVariance: &variance, training: training)
    }

    @Test func trainingNormalisesWithBiasedVarianceAndUpdatesUnbiased() throws {
        let input = try Tensor(shape: [4, 1], scalars: [1, 2, 3, 6])
        var mean = Tensor.zeros([1])
        var variance = Tensor.ones([1])
        let y = try input.batchNorm(
            weight: nil, bias: nil, runningMean: &mean, runningVariance: &variance, training: true, momentum: 0.1,
            epsilon: 0)
        // mean 3, biased variance 3.5, unbiased 14/3.
        #expect(maxRelativeError(y.doubles, [1, 2, 3, 6].map { ($0 - 3) / 3.5.squareRoot() }) < 1e-6)
        #expect(maxRelativeError(mean.doubles, [0.3]) < 1e-6)
        #expect(maxRelativeError(variance.doubles, [0.9 + 0.1 * 14 / 3]) < 1e-6)
        #expect(mean.dtype == .float32 && !mean.requiresGradient)
    }
    @Test func evaluationUsesRunningStatistics() throws {
        let input = try Tensor(shape: [2, 2, 1, 1], scalars: [1, 2, 3, 4])
        var mean = try Tensor(shape: [2], scalars: [1, 2])
        var variance = try Tensor(shape: [2], scalars: [4, 16])
        let w = try Tensor(shape: [2], scalars: [2, 1])
        let b = try Tensor(shape: [2], scalars: [0, 1])
        let y = try input.batchNorm(
            weight: w, bias: b, runningMean: &mean, runningVariance: &variance, training: false, epsilon: 0)
        #expect(y.scalars == [0, 1, 2, 1.5])
        #expect(mean.scalars == [1, 2] && variance.scalars == [4, 16])
    }
    @Test func gradientBatchNorm2d() throws {
        #expect(try gradientCheck([x, weight, bias]) { try batchNorm($0[0], $0[1], $0[2]) } < 1e-6)
    }
    @Test func gradientBatchNorm1d() throws {
        #expect(
            try gradientCheck([randomTensor([5, 3], seed: 4), weight, bias]) { try batchNorm($0[0], $0[1], $0[2]) }
                < 1e-6)
    }
    @Test func gradientBatchNormEval() throws {
        #expect(try gradientCheck([x, weight, bias]) { try batchNorm($0[0], $0[1], $0[2], training: false) } < 1e-6)
    }
    @Test func gradientBatchNormStrided() throws {
        #expect(
            try gradientCheck([randomTensor([3, 4, 2, 3], seed: 5)]) {
                try batchNorm($0[0].permuted([1, 0, 2, 3]), nil, nil)
            } < 1e-6)
    }
    @Test func gradientInstanceNorm() throws {
        #expect(try gradientCheck([x, weight, bias]) { try $0[0].instanceNorm(weight: $0[1], bias: $0[2]) } < 1e-6)
    }
    @Test func gradientLayerNorm() throws {
        #expect(
            try gradientCheck([
                randomTensor([2, 3, 5], seed: 6), randomTensor([5], seed: 7), randomTensor([5], seed: 8),
            ]) {
                try $0[0].layerNorm(weight: $0[1], bias: $0[2])
            } < 1e-6)
    }
    @Test func gradientLayerNormTwoDimensions() throws {
        #expect(
            try gradientCheck([randomTensor([2, 3, 4], seed: 6), randomTensor([3, 4], seed: 7)]) {
                try $0[0].layerNorm(dimensions: 2, weight: $0[1], bias: nil)
            } < 1e-6)
    }
    @Test func layerNormRowsHaveZeroMeanUnitVariance() throws {
        let y = try randomTensor([3, 8], seed: 9).cast(to: .float32).layerNorm(weight: nil, bias: nil, epsilon: 0)
        #expect(try y.mean(axis: 1).doubles.allSatisfy { abs($0) < 1e-5 })
        #expect(try y.square().mean(axis: 1).doubles.allSatisfy { abs($0 - 1) < 1e-4 })
    }
    @Test func instanceNormPlanesAreNormalisedPerSample() throws {
        let y = try randomTensor([2, 2, 3, 3], seed: 9).instanceNorm(weight: nil, bias: nil, epsilon: 0)
        #expect(try y.mean(axes: [2, 3]).doubles.allSatisfy { abs($0) < 1e-9 })
    }

    @Test func dropoutScalesSurvivorsAndIsSeeded() throws {
        var first = RandomGenerator(seed: 3)
        var second = RandomGenerator(seed: 3)
        let ones = Tensor.ones([1000])
        let a = try ones.dropout(probability: 0.25, training: true, using: &first).scalars
        let b = try ones.dropout(probability: 0.25, training: true, using: &second).scalars
        #expect(a == b)
        #expect(a.allSatisfy { $0 == 0 || abs($0 - 4 / 3) < 1e-6 })
        #expect(abs(Double(a.filter { $0 == 0 }.count) / 1000 - 0.25) < 0.05)
    }
    @Test func dropoutIsIdentityInEvaluation() throws {
        var generator = RandomGenerator(seed: 3)
        #expect(try x.dropout(probability: 0.5, training: false, using: &generator).doubles == x.doubles)
    }
    @Test func gradientDropout() throws {
        #expect(
            try gradientCheck([x]) { ins in
                var generator = RandomGenerator(seed: 5)
                return try ins[0].dropout(probability: 0.3, training: true, using: &generator)
            } < 1e-6)
    }

    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch { return "\(error)" }
    }
    @Test func wrongChannelCount() {
        let text = message {
            try batchNorm(Tensor.zeros([2, 3, 4, 4], dtype: .float64), Tensor.zeros([4], dtype: .float64), nil)
        }
        #expect(text.contains("batchNorm") && text.contains("[2, 3, 4, 4]") && text.contains("[4]"))
    }
    @Test func singleValuePerChannel() {
        #expect(
            message { try batchNorm(Tensor.zeros([1, 3], dtype: .float64), nil, nil) }.contains("more than one value"))
    }
    @Test func layerNormWeightShape() {
        #expect(
            message { try x.layerNorm(weight: Tensor.zeros([2], dtype: .float64), bias: nil) }.contains(
                "weight must be [3]"))
    }
    @Test func dropoutProbability() {
        var generator = RandomGenerator(seed: 1)
        #expect(message { try x.dropout(probability: 1.5, training: true, using: &generator) }.contains("dropout"))
    }
}
