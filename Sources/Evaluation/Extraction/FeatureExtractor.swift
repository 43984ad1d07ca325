import Foundation
import TensorEngine

/// Turns images into retrieval embeddings — the seam where Models and Datasets plug in.
///
/// An implementation runs its network in eval mode without gradient, at its own test size,
/// and returns the 512-d BNNeck `retrieval_feat` of every image in order, unnormalised and
/// without flip averaging (spec evaluation.md §1).
public protocol FeatureExtractor {
    /// Everything the embeddings depend on besides the image list: weights (checkpoint bytes
    /// or a digest of them) and the test transform. Used to key the gallery cache.
    var fingerprint: Data { get }

    /// `[images, dim]` float32 embeddings of `images`, in order.
    func extractFeatures(of images: [String]) throws -> Tensor
}

/// The images of one side of an evaluation with their labels, in loader order.
public struct RetrievalSplit: Sendable {
    /// Image identifiers (paths) as the extractor understands them.
    public let images: [String]
    /// Identity and camera id per image.
    public let labels: RetrievalLabels

    /// Pairs images with labels; throws when the counts differ.
    public init(images: [String], labels: RetrievalLabels, role: String = "split") throws {
        guard images.count == labels.count else {
            throw EvaluationError.countMismatch(role: role, features: images.count, labels: "ids", count: labels.count)
        }
        self.images = images
        self.labels = labels
    }
}

/// Asymmetric evaluation from images: queries through the query extractor (the student),
/// the gallery through the gallery extractor (the teacher, or the student again for Vanilla
/// runs), gallery embeddings served from a `GalleryCache` when one is given. Pass no cache when
/// the gallery network is the one being trained (Vanilla): its fingerprint changes every epoch.
public struct AsymmetricEvaluation {
    /// Embeds the queries.
    public let queryExtractor: any FeatureExtractor
    /// Embeds the gallery.
    public let galleryExtractor: any FeatureExtractor
    /// Reuses gallery embeddings across runs; nil disables caching.
    public let cache: GalleryCache?
    /// Computes the metrics from the embeddings.
    public let evaluator: RetrievalEvaluator

    /// Wires extractors, an optional cache and an evaluator.
    public init(
        queryExtractor: any FeatureExtractor, galleryExtractor: any FeatureExtractor,
        cache: GalleryCache? = nil, evaluator: RetrievalEvaluator
    ) {
        self.queryExtractor = queryExtractor
        self.galleryExtractor = galleryExtractor
        self.cache = cache
        self.evaluator = evaluator
    }

    /// The gallery embeddings, from the cache when its key matches, else extracted (and stored).
    public func galleryFeatures(for gallery: RetrievalSplit) throws -> Tensor {
        let key = GalleryCacheKey(
            teacherIdentity: galleryExtractor.fingerprint, galleryImages: gallery.images, transform: "")
        if let cached = cache?.lookup(key: key), cached.shape.first == gallery.images.count { return cached }
        let features = try galleryExtractor.extractFeatures(of: gallery.images)
        try cache?.store(key: key, features: features)
        return features
    }

    /// Extracts (or loads) both sides and evaluates them.
    public func run(query: RetrievalSplit, gallery: RetrievalSplit) throws -> EvaluationResult {
        let galleryFeatures = try galleryFeatures(for: gallery)
        let queryFeatures = try queryExtractor.extractFeatures(of: query.images)
        return try evaluator.evaluate(
            queryFeatures: queryFeatures, galleryFeatures: galleryFeatures,
            query: query.labels, gallery: gallery.labels)
    }
}
