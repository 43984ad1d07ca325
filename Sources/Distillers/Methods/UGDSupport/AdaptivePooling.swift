import TensorEngine

/// Adaptive average pooling of NCHW maps to a `grid × grid` output, returned as rows
/// `[batch·grid², channels]` (row `b·grid² + i·grid + j`), as UGD consumes it.
///
/// Cell `(i, j)` averages rows `[⌊iH/Q⌋, ⌈(i+1)H/Q⌉)` × cols `[⌊jW/Q⌋, ⌈(j+1)W/Q⌉)` (PyTorch
/// `adaptive_avg_pool2d`: bins may overlap, and a map smaller than the grid repeats cells).
/// Pooling is linear, so it is one matmul with a constant `[H·W, Q²]` matrix and its gradient
/// comes from the matmul's.
func adaptiveAveragePoolRows(_ map: Tensor, grid: Int) throws -> Tensor {
    guard map.rank == 4, grid > 0 else {
        throw DistillerError.shapeMismatch(loss: "UGD", message: "feature maps must be [batch, channels, height, width], got \(map.shape)")
    }
    let (batch, channels, height, width) = (map.shape[0], map.shape[1], map.shape[2], map.shape[3])
    var weights = [Double](repeating: 0, count: height * width * grid * grid)
    for i in 0..<grid {
        let rows = (i * height / grid)..<(((i + 1) * height + grid - 1) / grid)
        for j in 0..<grid {
            let columns = (j * width / grid)..<(((j + 1) * width + grid - 1) / grid)
            let share = 1 / Double(rows.count * columns.count)
            for r in rows { for c in columns { weights[(r * width + c) * grid * grid + i * grid + j] = share } }
        }
    }
    let pooling = try Tensor(shape: [height * width, grid * grid], doubles: weights).cast(to: map.dtype)
    let cells = try map.reshaped([batch * channels, height * width]).matmul(pooling)
    return try cells.reshaped([batch, channels, grid * grid]).permuted([0, 2, 1]).reshaped([batch * grid * grid, channels])
}
