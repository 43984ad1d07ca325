/// The identity and camera id of every image on one side (queries or gallery), in feature-row
/// order. Upstream's CUB/SOP loaders set the camera id to the image index; In-Shop uses 0 for
/// queries and 1 for the gallery; MSMT17 has real camera ids.
public struct RetrievalLabels: Sendable, Equatable {
    /// Identity (class) id per image.
    public let pids: [Int]
    /// Camera id per image.
    public let camids: [Int]

    /// Pairs ids with camera ids; throws when the lists differ in length.
    public init(pids: [Int], camids: [Int], role: String = "labels") throws {
        guard pids.count == camids.count else {
            throw EvaluationError.countMismatch(
                role: role, features: pids.count, labels: "camera ids", count: camids.count)
        }
        self.pids = pids
        self.camids = camids
    }

    /// Number of images.
    public var count: Int { pids.count }
}
