import TensorEngine

/// The triplet loss of a batch and what it mined (spec §2.2).
public struct TripletResult {
    /// The loss, mean over anchors (a scalar in the features' dtype).
    public var loss: Tensor
    /// Each anchor's (mined or weighted) positive distance `[batch]`.
    public var positiveDistances: Tensor
    /// Each anchor's negative distance `[batch]`.
    public var negativeDistances: Tensor
    /// The chosen positive / negative columns (`batch_hard` and `batch_sample`; empty for `batch_soft`).
    public var positiveIndices: [Int]
    /// The chosen negative columns (empty for `batch_soft`).
    public var negativeIndices: [Int]
}

/// Triplet loss with batch mining (Hermans et al., "In Defense of the Triplet Loss for Person
/// Re-Identification", 2017), as upstream's `triplet_loss.py`.
///
/// Distances use the expanded form `sqrt(max(‖f_i‖² + ‖f_j‖² − 2 f_i·f_j, 1e-12))`, so `d_ii` is
/// `1e-6` (float64) rather than 0; an anchor's positives include itself. Upstream casts the
/// features to float32 first; this function computes in the features' dtype (the caller casts).
/// - Parameters:
///   - features: `[batch, dim]`, not normalised.
///   - labels: one label per row; every anchor must have the same number of same-label rows.
///   - margin: the hinge margin (ignored by `batch_soft`).
///   - injected: for `batch_sample`, the sampled positive and negative columns to use instead of
///     drawing (goldens record them).
///   - generator: draws the `batch_sample` columns when none are injected.
public func tripletLoss(
    features: Tensor, labels: [Int], mining: TripletMining, margin: Double = 0.3,
    injected: (positive: [Int], negative: [Int])? = nil,
    generator: inout RandomGenerator
) throws -> TripletResult {
    guard features.rank == 2, features.shape[0] == labels.count else {
        throw DistillerError.shapeMismatch(
            loss: "triplet loss",
            message:
                "features \(features.shape) need shape [batch, dim] with one label per row (\(labels.count) labels)")
    }
    let n = labels.count
    let positives = (0..<n).map { i in (0..<n).filter { labels[$0] == labels[i] } }
    let negatives = (0..<n).map { i in (0..<n).filter { labels[$0] != labels[i] } }
    // Upstream packs masked entries into fixed-width rows (triplet_loss.py); unequal counts would
    // error or silently mix rows there, so require equal counts.
    guard Set(positives.map(\.count)).count <= 1 else {
        throw DistillerError.unequalClassCounts(counts: positives.map(\.count))
    }
    guard let kn = negatives.first?.count, kn > 0 else {
        throw DistillerError.shapeMismatch(
            loss: "triplet loss", message: "every anchor needs a sample with another label, but the batch has one label"
        )
    }
    let kp = positives[0].count
    let distances = try pairwiseDistances(features)
    let dap = try distances.gather(columns: positives.flatMap { $0 }, k: kp)
    let dan = try distances.gather(columns: negatives.flatMap { $0 }, k: kn)

    var result: TripletResult
    switch mining {
    case .batchHard:
        let (ap, pi) = try dap.max(axis: 1)
        let (an, ni) = try dan.min(axis: 1)
        result = TripletResult(
            loss: ap, positiveDistances: ap, negativeDistances: an,
            positiveIndices: (0..<n).map { positives[$0][pi[$0]] },
            negativeIndices: (0..<n).map { negatives[$0][ni[$0]] })
    case .batchSoft:
        let ap = try (dap.softmax(axis: 1) * dap).sum(axis: 1)
        let an = try (dan.softmin(axis: 1) * dan).sum(axis: 1)
        result = TripletResult(
            loss: ap, positiveDistances: ap, negativeDistances: an, positiveIndices: [], negativeIndices: [])
    case .batchSample:
        let chosen =
            try injected ?? (
                positive: drawColumns(weights: dap.softmax(axis: 1).detached(), columns: positives, using: &generator),
                negative: drawColumns(weights: dan.softmin(axis: 1).detached(), columns: negatives, using: &generator)
            )
        for i in 0..<n
        where chosen.positive.count != n || chosen.negative.count != n
            || !positives[i].contains(chosen.positive[i]) || !negatives[i].contains(chosen.negative[i])
        {
            throw DistillerError.shapeMismatch(
                loss: "triplet loss",
                message: "injected columns must give anchor \(i) a same-label positive and an other-label negative")
        }
        let ap = try distances.gather(columns: chosen.positive, k: 1).reshaped([n])
        let an = try distances.gather(columns: chosen.negative, k: 1).reshaped([n])
        result = TripletResult(
            loss: ap, positiveDistances: ap, negativeDistances: an,
            positiveIndices: chosen.positive, negativeIndices: chosen.negative)
    }
    let gap = try result.positiveDistances - result.negativeDistances
    result.loss = mining.usesMargin ? try (gap + margin).relu().mean() : try gap.softplus().mean()
    return result
}

/// `tripletLoss` for mining methods that draw nothing (or with injected columns).
public func tripletLoss(
    features: Tensor, labels: [Int], mining: TripletMining, margin: Double = 0.3,
    injected: (positive: [Int], negative: [Int])? = nil
) throws -> TripletResult {
    var generator = RandomGenerator(seed: 0)
    if mining == .batchSample && injected == nil {
        throw DistillerError.missingInput(
            loss: "triplet loss (batch_sample)", input: "a random generator or injected columns")
    }
    return try tripletLoss(
        features: features, labels: labels, mining: mining, margin: margin,
        injected: injected, generator: &generator)
}

/// `d_ij = sqrt(max(‖f_i‖² + ‖f_j‖² − 2 f_i·f_j, 1e-12))` `[batch, batch]` (expanded form, as upstream).
func pairwiseDistances(_ f: Tensor) throws -> Tensor {
    let squares = try f.square().sum(axis: 1, keepingDimensions: true)
    let gram = try f.matmul(f.transposed())
    return try (squares + squares.transposed() - gram * 2).clamped(min: 1e-12).sqrt()
}

/// One column per row drawn from the categorical distribution `weights[row]` over `columns[row]`.
private func drawColumns(weights: Tensor, columns: [[Int]], using generator: inout RandomGenerator) -> [Int] {
    let w = weights.doubles
    let width = weights.shape[1]
    return columns.enumerated().map { row, candidates in
        var u = generator.nextUniform()
        for (j, column) in candidates.enumerated() {
            u -= w[row * width + j]
            if u < 0 { return column }
        }
        return candidates[candidates.count - 1]
    }
}
