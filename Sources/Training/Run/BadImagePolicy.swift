import Configuration
import Datasets

/// `DATASETS.BAD_IMAGES`: what a run does with images that fail `ImageFileCheck` when the
/// dataset is read, so that a damaged file stops the run before its first step rather than in
/// the middle of an epoch or in the evaluation after it.
enum BadImagePolicy: String {
    /// Stop before training, listing every bad file.
    case stop
    /// Leave the bad files out of training and evaluation, and count them.
    case skip

    /// The policy `config` sets; an unknown value names the key, where it was set and the choices.
    init(_ config: Config, value: String) throws {
        guard let policy = Self(rawValue: value) else {
            let key = "DATASETS.BAD_IMAGES"
            let source = config.source(of: key)?.description ?? "defaults"
            throw TrainingError.setupFailed(
                key: key, source: source,
                underlying: "'\(value)' is not a policy; use stop or skip")
        }
        self = policy
    }

    /// Checks every image of `dataset`; returns it without the bad ones (`skip`) and the paths
    /// dropped, or throws `TrainingError.badImages` (`stop`).
    func apply(to dataset: RetrievalDataset) throws
        -> (dataset: RetrievalDataset, dropped: [String])
    {
        let gallery = dataset.gallery == dataset.query ? [] : dataset.gallery
        let bad = ImageFileCheck.badRecords(dataset.train + dataset.query + gallery)
        guard !bad.isEmpty else { return (dataset, []) }
        if self == .stop { throw TrainingError.badImages(reasons: bad.map { "\($0.error)" }) }
        let paths = Set(bad.map(\.record.path))
        var kept = dataset
        kept.train.removeAll { paths.contains($0.path) }
        kept.query.removeAll { paths.contains($0.path) }
        kept.gallery.removeAll { paths.contains($0.path) }
        return (kept, bad.map(\.record.path))
    }
}
