import Foundation

/// Everything the evaluation can reject. Each case names the input (queries, gallery, a file) and
/// the sizes or values involved, so that the message alone says what to fix.
public enum EvaluationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A feature or distance tensor that is not `[rows, columns]` float32.
    case badFeatureShape(role: String, shape: [Int], expected: String)
    /// Query and gallery features of different widths.
    case dimensionMismatch(queryDim: Int, galleryDim: Int)
    /// A label list whose length differs from its feature rows.
    case countMismatch(role: String, features: Int, labels: String, count: Int)
    /// No queries or no gallery items.
    case empty(role: String)
    /// A NaN or infinite value in features or distances.
    case nonFinite(role: String, row: Int, column: Int, value: Float)
    /// Every query lacks a positive after the same-id-same-camera removal (upstream asserts).
    case noValidQuery(queries: Int)
    /// A distance metric name upstream's `TEST.TEST_METRIC` would not compute.
    case unknownMetric(String)
    /// An option outside its range.
    case invalidOption(name: String, value: Int, requirement: String)
    /// Re-ranking asked for more items than its dense `N × N` matrices can hold.
    case rerankingTooLarge(items: Int, limit: Int)
    /// A file that could not be read, written or parsed.
    case file(path: String, message: String)

    /// What went wrong, where, and what to do about it.
    public var description: String {
        switch self {
        case .badFeatureShape(let role, let shape, let expected):
            return "\(role): tensor of shape \(shape) is not \(expected); pass one row per image"
        case .dimensionMismatch(let queryDim, let galleryDim):
            return "query features have \(queryDim) dimensions but gallery features have \(galleryDim); "
                + "both sides must use the same embedding width (check the student/teacher retrieval heads)"
        case .countMismatch(let role, let features, let labels, let count):
            return "\(role): \(features) feature rows but \(count) \(labels); give one \(labels.dropLast()) per row"
        case .empty(let role):
            return "\(role) set is empty; evaluation needs at least one query and one gallery image"
        case .nonFinite(let role, let row, let column, let value):
            return "\(role): value \(value) at row \(row), column \(column) is not finite; "
                + "the network diverged or the input is corrupt"
        case .noValidQuery(let queries):
            return "none of the \(queries) queries has a gallery positive after removing same-id-same-camera "
                + "items; check the query/gallery ids and camera ids"
        case .unknownMetric(let name):
            return "distance metric '\(name)' is not available; valid: cosine, euclidean"
                + (name == "jaccard" ? " (upstream accepts 'jaccard' but never implemented it)" : "")
        case .invalidOption(let name, let value, let requirement):
            return "option \(name) = \(value) is invalid: it must be \(requirement)"
        case .rerankingTooLarge(let items, let limit):
            return "re-ranking needs dense matrices over all \(items) queries + gallery items; the limit is "
                + "\(limit); evaluate without re-ranking or on a smaller split"
        case .file(let path, let message):
            return "\(path): \(message)"
        }
    }
}
