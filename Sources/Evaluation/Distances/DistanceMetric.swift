/// How query–gallery distances are computed (upstream `TEST.TEST_METRIC`; `cosine` in every
/// shipped config).
public enum DistanceMetric: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `1 − ⟨q̂, ĝ⟩` with `x̂ = x / max(‖x‖₂, 1e-12)`; range [0, 2].
    case cosine
    /// The squared Euclidean distance `‖q‖² + ‖g‖² − 2⟨q, g⟩`, unclamped (may be slightly
    /// negative), as upstream's `euclidean_distance` returns it.
    case euclidean

    /// Parses an upstream metric name (`"cosine"`, `"euclidean"`).
    public init(upstreamName name: String) throws {
        guard let metric = DistanceMetric(rawValue: name.lowercased()) else {
            throw EvaluationError.unknownMetric(name)
        }
        self = metric
    }

    /// The upstream spelling.
    public var description: String { rawValue }
}
