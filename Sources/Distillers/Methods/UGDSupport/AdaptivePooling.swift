import TensorEngine

/// Adaptive average pooling of NCHW maps to a `grid × grid` output (PyTorch
/// `adaptive_avg_pool2d`, TensorEngine's `adaptiveAvgPool2d`), returned as rows
/// `[batch·grid², channels]` (row `b·grid² + i·grid + j`), as UGD consumes it.
func adaptiveAveragePoolRows(_ map: Tensor, grid: Int) throws -> Tensor {
    guard map.rank == 4, grid > 0 else {
        throw DistillerError.shapeMismatch(
            loss: "UGD", message: "feature maps must be [batch, channels, height, width], got \(map.shape)")
    }
    let (batch, channels) = (map.shape[0], map.shape[1])
    let cells = try map.adaptiveAvgPool2d(height: grid, width: grid)
    return try cells.reshaped([batch, channels, grid * grid]).permuted([0, 2, 1]).reshaped([
        batch * grid * grid, channels,
    ])
}
