import Foundation

/// Measures the distillation loader's throughput in images per second (one image = its student
/// view and its teacher view), consuming batches as fast as they come.
///
/// - Parameters:
///   - datasetDirectory: a CUB-layout folder (`train/` is read); nil writes a synthetic dataset
///     of `sourceSize`-pixel JPEGs to a temporary folder first (not timed) and removes it after.
///   - studentSize, teacherSize: square view sizes; padding is size / 32 as in the configs.
///   - batchSize: images per batch (drop-last).
///   - threads: decode/augment worker threads.
///   - batches: batches timed after one warm-up batch.
public func benchmarkDistillationLoader(
    datasetDirectory: URL? = nil, studentSize: Int = 64, teacherSize: Int = 256,
    batchSize: Int = 256, threads: Int = 2, batches: Int = 8,
    sourceSize: Int = 256, seed: UInt64 = 0
) throws -> Double {
    var temporary: URL?
    defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
    let folder: URL
    if let datasetDirectory {
        folder = datasetDirectory
    } else {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-loader-bench-\(UUID().uuidString)")
        temporary = root
        folder = root.appendingPathComponent("CUB_200_2011")
        let trainImages = max(2 * batchSize, 512)
        try SyntheticDataset.write(
            to: folder, classes: 20, perClass: (trainImages + 9) / 10, size: sourceSize, seed: seed)
    }
    let dataset = try RetrievalDataset.read(.cub200, root: folder.deletingLastPathComponent())
    let loader = try DistillationLoader(
        records: dataset.train,
        student: .train(height: studentSize, width: studentSize, padding: studentSize / 32),
        teacher: .train(height: teacherSize, width: teacherSize, padding: teacherSize / 32),
        settings: LoaderSettings(batchSize: batchSize, seed: seed, threads: threads, prefetch: 2))
    var epoch = 0
    var stream = loader.epoch(epoch)
    func nextBatch() throws -> DistillationBatch {
        if let batch = try stream.next() { return batch }
        epoch += 1
        stream = loader.epoch(epoch)
        guard let batch = try stream.next() else {
            throw DatasetError.invalidSettings(message: "the benchmark dataset yields no batch of \(batchSize)")
        }
        return batch
    }
    _ = try nextBatch()
    let start = Date()
    var images = 0
    for _ in 0..<max(1, batches) { images += try nextBatch().labels.count }
    return Double(images) / Date().timeIntervalSince(start)
}
