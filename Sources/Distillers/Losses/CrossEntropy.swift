import TensorEngine

/// Cross-entropy with optional label smoothing (spec §2.1; PyTorch `CrossEntropyLoss`).
///
/// `L = (1/N) Σ_i [(1−ε)·(−log p_i[y_i]) + ε/C · Σ_c (−log p_i[c])]`.
/// - Parameters:
///   - logits: `[batch, classes]`, any float dtype (the result has the same dtype).
///   - targets: one class index per row.
///   - labelSmoothing: ε; upstream uses 0.1 when `EXPERIMENT.IF_LABELSMOOTH == 'on'`.
public func crossEntropyLoss(logits: Tensor, targets: [Int], labelSmoothing: Double = 0) throws -> Tensor {
    guard logits.rank == 2, logits.shape[0] == targets.count, logits.shape[0] > 0 else {
        throw DistillerError.shapeMismatch(
            loss: "cross-entropy",
            message:
                "logits \(logits.shape) need shape [batch, classes] with one target per row (\(targets.count) targets)")
    }
    let rows = logits.shape[0]
    let classes = logits.shape[1]
    if let bad = targets.first(where: { $0 < 0 || $0 >= classes }) {
        throw DistillerError.shapeMismatch(
            loss: "cross-entropy", message: "target \(bad) is not a class index in 0..<\(classes)")
    }
    var weights = [Double](repeating: labelSmoothing / Double(classes), count: rows * classes)
    for (row, target) in targets.enumerated() { weights[row * classes + target] += 1 - labelSmoothing }
    let q = try Tensor(shape: [rows, classes], doubles: weights).cast(to: logits.dtype)
    return try -(q * logits.logSoftmax(axis: 1)).sum() / Double(rows)
}
