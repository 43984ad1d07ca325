import Evaluation
import TensorEngine

/// A run's retrieval evaluation with the embeddings it ranked: the student's queries and the
/// teacher's (for Vanilla, the student's) gallery, in the dataset's record order.
public struct RunEvaluation {
    /// mAP, CMC, mINP and every query's ranked list.
    public let result: EvaluationResult
    /// `[queries, dim]` student retrieval features.
    public let queryFeatures: Tensor
    /// `[gallery, dim]` gallery retrieval features.
    public let galleryFeatures: Tensor
    /// The `[height, width]` the queries were embedded at.
    public let querySize: [Int]
    /// The `[height, width]` the gallery was embedded at.
    public let gallerySize: [Int]
}
