import Foundation
import TensorEngine

/// A 2-D principal-component projection of embeddings, for `project(emb, to:)`.
enum Projection {
    /// The rows of `features` `[N, D]` projected on their two leading principal axes (found by
    /// power iteration on the covariance, deflating after the first): `[N]` pairs.
    static func principalComponents(_ features: Tensor, iterations: Int = 100) throws -> [(Double, Double)] {
        try analysis(features, iterations: iterations).points
    }

    /// The projected points and the share of the total variance each of the two axes explains.
    static func analysis(_ features: Tensor, iterations: Int = 100) throws -> (
        points: [(Double, Double)], explained: [Double]
    ) {
        guard features.rank == 2, features.shape[0] > 0 else {
            throw TensorError.invalidArgument(
                op: "project", message: "embeddings must be [N, D] with N > 0, got \(features.shape)")
        }
        let x = features.cast(to: .float64)
        let centred = try x - x.mean(axis: 0, keepingDimensions: true)
        let covariance = try centred.transposed().matmul(centred)
        let d = covariance.shape[0]
        var axes: [Tensor] = []
        var generator = RandomGenerator(seed: 1)
        var deflated = covariance
        var eigenvalues: [Double] = []
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
            eigenvalues.append(max(eigenvalue, 0))
        }
        while axes.count < 2 { axes.append(Tensor.zeros([d, 1], dtype: .float64)) }
        let projected = try centred.matmul(Tensor.concatenated(axes, axis: 1)).doubles
        // The trace of the covariance is the total variance.
        let entries = covariance.doubles
        let total = (0..<d).reduce(0.0) { $0 + entries[$1 * d + $1] }
        let explained =
            eigenvalues.map { total > 0 ? $0 / total : 0 } + [Double](repeating: 0, count: 2 - eigenvalues.count)
        return ((0..<features.shape[0]).map { (projected[2 * $0], projected[2 * $0 + 1]) }, explained)
    }
}
