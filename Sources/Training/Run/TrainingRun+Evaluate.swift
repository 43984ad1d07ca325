import Datasets
import Evaluation
import Foundation
import Models
import TensorEngine

extension TrainingRun {
    /// Retrieval evaluation (spec/evaluation.md): the student embeds the queries at
    /// `INPUT.STUDENT_SIZE_TEST`, the teacher (the student for Vanilla) the gallery at its
    /// test size; cosine distance, mAP / CMC / mINP.
    public func evaluate() throws -> EvaluationResult {
        let settings = try RunSettings(config)
        let galleryNetwork = teacher ?? student
        let gallerySize = teacher == nil ? settings.input.studentSizeTest : settings.input.teacherSizeTest
        student.setTraining(false)
        defer { student.setTraining(true) }
        let queries = try Self.embed(student, loader: settings.testLoader(dataset.query, size: settings.input.studentSizeTest))
        let gallery = try Self.embed(galleryNetwork, loader: settings.testLoader(dataset.gallery, size: gallerySize))
        let evaluator = try RetrievalEvaluator()
        return try evaluator.evaluate(
            queryFeatures: queries, galleryFeatures: gallery,
            query: RetrievalLabels(pids: dataset.query.map(\.pid), camids: dataset.query.map(\.camid), role: "query"),
            gallery: RetrievalLabels(pids: dataset.gallery.map(\.pid), camids: dataset.gallery.map(\.camid), role: "gallery"))
    }

    /// The retrieval features of every image of `loader`, in order, `[count, dim]`.
    static func embed(_ network: any ImageNetwork, loader: ImageLoader) throws -> Tensor {
        let stream = loader.epoch(0)
        var parts: [Tensor] = []
        try Tensor.withoutGradient {
            while let batch = try stream.next() { parts.append(try network(batch.images).retrievalFeature.detached()) }
        }
        return try Tensor.concatenated(parts, axis: 0)
    }
}
