import Foundation
import TensorEngine

/// A 2-D principal-component projection of embeddings, for `project(emb, to:)`.
enum Projection {
    /// The rows of `features` `[N, D]` projected on their two leading principal axes (found by
    /// power iteration on the covariance, deflating after the first): `[N]` pairs.
    static func principalComponents(_ features: Tensor, iterations: Int = 100) throws -> [(Double, Double)] {
        guard features.rank == 2, features.shape[0] > 0 else {
            throw TensorError.invalidArgument(op: "project", message: "embeddings must be [N, D] with N > 0, got \(features.shape)")
        }
        let x = features.cast(to: .float64)
        let centred = try x - x.mean(axis: 0, keepingDimensions: true)
        let covariance = try centred.transposed().matmul(centred)
        let d = covariance.shape[0]
        var axes: [Tensor] = []
        var generator = RandomGenerator(seed: 1)
        var deflated = covariance
        for _ in 0..<min(2, d) {
            var v = try Tensor.randomNormal([d, 1], dtype: .float64, using: &generator).l2Normalized(axis: 0)
            for _ in 0..<iterations {
                let next = try deflated.matmul(v)
                let norm = try next.norm(axis: 0).item()
                guard norm > 1e-300 else { break }
                v = try next / norm
            }
            let eigenvalue = try (v.transposed().matmul(deflated).matmul(v)).item()
            deflated = try deflated - v.matmul(v.transposed()) * eigenvalue
            axes.append(v)
        }
        while axes.count < 2 { axes.append(Tensor.zeros([d, 1], dtype: .float64)) }
        let projected = try centred.matmul(Tensor.concatenated(axes, axis: 1)).doubles
        return (0..<features.shape[0]).map { (projected[2 * $0], projected[2 * $0 + 1]) }
    }
}
