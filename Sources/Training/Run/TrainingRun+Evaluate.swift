import Datasets
import Evaluation
import Foundation
import Models
import TensorEngine

extension TrainingRun {
    /// Retrieval evaluation (spec/evaluation.md): the student embeds the queries at
    /// `INPUT.STUDENT_SIZE_TEST`, the teacher (the student for Vanilla) the gallery at its
    /// test size (in `teacherPrecision` when it is the teacher); `TEST.TEST_METRIC` distance
    /// (k-reciprocal re-ranked with `TEST.RE_RANKING`), mAP / CMC / mINP. Over several ranks
    /// each embeds its contiguous share of the queries and of the gallery and the embeddings
    /// are gathered; every rank then ranks the same distances (no result to send: the others
    /// would only wait) and returns the same result.
    public func evaluate() throws -> EvaluationResult {
        try evaluateWithEmbeddings().result
    }

    /// `evaluate()` with the query and gallery embeddings it ranked, for pictures of them.
    public func evaluateWithEmbeddings() throws -> RunEvaluation {
        let settings = try RunSettings(config)
        let galleryNetwork = teacher ?? student
        let gallerySize = teacher == nil ? settings.input.studentSizeTest : settings.input.teacherSizeTest
        student.setTraining(false)
        defer { student.setTraining(true) }
        let queries = try embedShares(
            student, precision: .fp32, records: dataset.query, size: settings.input.studentSizeTest,
            settings: settings)
        let gallery = try galleryFeatures(settings: settings, size: gallerySize) {
            try embedShares(
                galleryNetwork, precision: teacher == nil ? .fp32 : teacherPrecision, records: dataset.gallery,
                size: gallerySize, settings: settings)
        }
        let metric = try DistanceMetric(upstreamName: settings.test.testMetric)
        let evaluator = try RetrievalEvaluator(options: EvaluationOptions(metric: metric))
        let queryLabels = try RetrievalLabels(
            pids: dataset.query.map(\.pid), camids: dataset.query.map(\.camid),
            role: "query")
        let galleryLabels = try RetrievalLabels(
            pids: dataset.gallery.map(\.pid), camids: dataset.gallery.map(\.camid),
            role: "gallery")
        let result: EvaluationResult
        if settings.test.reRanking {
            let distances = try settings.reranking().distances(queryFeatures: queries, galleryFeatures: gallery)
            result = try evaluator.evaluate(
                distances: distances, query: queryLabels, gallery: galleryLabels, reranked: true)
        } else {
            result = try evaluator.evaluate(
                queryFeatures: queries, galleryFeatures: gallery, query: queryLabels,
                gallery: galleryLabels)
        }
        return RunEvaluation(
            result: result, queryFeatures: queries, galleryFeatures: gallery,
            querySize: settings.input.studentSizeTest, gallerySize: gallerySize)
    }

    /// The gallery embedding. The teacher is frozen, so for KD runs it depends only on the
    /// teacher checkpoint, the gallery images and the test transform: it is cached on disk
    /// under `OUTPUT_DIR.ROOT_PATH/.gallery-cache`, keyed by a hash of those, and reused by every
    /// later evaluation of any student against the same teacher (the cache logs each reuse).
    /// Over several ranks the leader alone reads and writes the cache and sends a hit to the
    /// others, so that all of them agree on whether to embed.
    func galleryFeatures(settings: RunSettings, size: [Int], compute: () throws -> Tensor) throws -> Tensor {
        let checkpoint = URL(fileURLWithPath: settings.distiller.teacherModelPath)
        guard let teacher, writesFolder, FileManager.default.fileExists(atPath: checkpoint.path) else {
            return try compute()
        }
        guard group.isLeader else {
            if let cached = try Tensor.broadcast(nil, from: 0, over: group) { return cached }
            return try compute()
        }
        // The code path that computes the features is part of the key: a bf16 plan's features
        // (or the unlowered forward's, which rounds differently) never serve an fp32 evaluation.
        let transform =
            "test \(size) \(settings.input.pixelMean) \(settings.input.pixelStd) \(settings.distiller.teacherName), "
            + teacher.inferencePath(precision: teacherPrecision)
        let key = try GalleryCacheKey(
            teacherCheckpoint: checkpoint, galleryImages: dataset.gallery.map(\.path), transform: transform)
        // The run folder's log is written from this thread only; the cache calls back synchronously.
        let log = UncheckedSendable(folder)
        let cache = GalleryCache(
            directory: URL(fileURLWithPath: settings.output.rootPath).appendingPathComponent(".gallery-cache"),
            log: { message in log.value?.log(message) })
        if let cached = try Tensor.broadcast(cache.lookup(key: key), from: 0, over: group) { return cached }
        let features = try compute()
        try cache.store(key: key, features: features)
        return features
    }

    /// The retrieval features of `records` in order, `[count, dim]`: over several ranks each
    /// embeds its contiguous share, and the shares are gathered (the test loaders skip no
    /// image, so every share's size is known).
    func embedShares(
        _ network: any ImageNetwork, precision: InferencePrecision, records: [ImageRecord], size: [Int],
        settings: RunSettings
    ) throws -> Tensor {
        // Fewer images than ranks: every rank embeds them all rather than some embedding none.
        guard records.count >= group.size else {
            return try Self.embed(network, precision: precision, loader: settings.testLoader(records, size: size))
        }
        let share = group.shares.range(of: records.count)
        let local = try Self.embed(
            network, precision: precision, loader: settings.testLoader(Array(records[share]), size: size))
        return try local.gathered(by: group, rows: group.shares.sizes(of: records.count))
    }

    /// The retrieval features of every image of `loader`, in order, `[count, dim]`.
    static func embed(_ network: any ImageNetwork, precision: InferencePrecision, loader: ImageLoader) throws -> Tensor
    {
        let stream = loader.epoch(0)
        var parts: [Tensor] = []
        while let batch = try stream.next() {
            let outputs = try network.inference(batch.images, precision: precision, keepsStageMaps: false)
            parts.append(outputs.retrievalFeature.detached())
        }
        return try Tensor.concatenated(parts, axis: 0)
    }
}
