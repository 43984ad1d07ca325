import Foundation
import TensorEngine
import Testing

@testable import Datasets

/// A small synthetic CUB tree: 4 classes × 6 images of 32 px (12 train, 12 test).
private func smallDataset() throws -> (TemporaryDirectory, RetrievalDataset) {
    let tree = try TemporaryDirectory()
    try SyntheticDataset.write(
        to: tree.url.appendingPathComponent("CUB_200_2011"), classes: 4, perClass: 6, size: 32, seed: 2)
    return (tree, try RetrievalDataset.read(.cub200, root: tree.url))
}

private func collect<B>(_ stream: BatchStream<B>) throws -> [B] {
    var batches: [B] = []
    while let batch = try stream.next() { batches.append(batch) }
    return batches
}

@Test func distillationLoaderMakesTwoIndependentViewsPerImage() throws {
    let (tree, dataset) = try smallDataset()
    defer { tree.remove() }
    let student = ImageTransform.train(height: 16, width: 16, padding: 2)
    let teacher = ImageTransform.train(height: 24, width: 20, padding: 4, erasingProbability: 0.5)
    let loader = try DistillationLoader(
        records: dataset.train, student: student, teacher: teacher,
        settings: LoaderSettings(batchSize: 5, seed: 7, threads: 2))
    #expect(loader.batchesPerEpoch == 2)
    let batches = try collect(loader.epoch(0))
    #expect(batches.count == 2)
    for batch in batches {
        #expect(batch.student.shape == [5, 3, 16, 16] && batch.teacher.shape == [5, 3, 24, 20])
        #expect(batch.labels == batch.paths.map { path in dataset.train.first { $0.path == path }?.pid ?? -1 })
    }
    #expect(Set(batches.flatMap(\.paths)).count == 10)
    let single = try DistillationLoader(
        records: dataset.train, student: student, teacher: teacher,
        settings: LoaderSettings(batchSize: 5, seed: 7, threads: 1, prefetch: 1))
    let again = try collect(single.epoch(0))
    #expect(again.map(\.paths) == batches.map(\.paths))
    #expect(again[1].teacher.scalars == batches[1].teacher.scalars, "results do not depend on the thread count")
    let resumed = try collect(loader.epoch(0, startingAt: 1))
    #expect(resumed.count == 1 && resumed[0].student.scalars == batches[1].student.scalars)
    #expect(try collect(loader.epoch(1)).map(\.paths) != batches.map(\.paths))
    // Same transform for both views: independent draws make the views differ.
    let twin = try DistillationLoader(
        records: dataset.train, student: student, teacher: student,
        settings: LoaderSettings(batchSize: 10, seed: 1))
    let views = try collect(twin.epoch(0))[0]
    #expect(views.student.scalars != views.teacher.scalars)
    #expect(throws: DatasetError.self) {
        try DistillationLoader(
            records: dataset.train, student: student, teacher: teacher, settings: LoaderSettings(batchSize: 64, seed: 0)
        )
    }
}

@Test func testLoaderKeepsDatasetOrderAndMatchesThePipeline() throws {
    let (tree, dataset) = try smallDataset()
    defer { tree.remove() }
    let transform = ImageTransform.test(height: 20, width: 12)
    let loader = try ImageLoader.test(
        records: dataset.query, transform: transform, settings: LoaderSettings(batchSize: 5, seed: 0))
    let batches = try collect(loader.epoch())
    #expect(batches.map(\.pids.count) == [5, 5, 2])
    #expect(batches.flatMap(\.paths) == dataset.query.map(\.path))
    #expect(batches.flatMap(\.camids) == dataset.query.map(\.camid))
    var rng = RandomGenerator(seed: 0)
    let expected = transform.apply(
        try ImageCodec.decode(contentsOf: URL(fileURLWithPath: dataset.query[5].path)), using: &rng)
    #expect(Array(batches[1].images.scalars.prefix(transform.elementCount)) == expected.scalars)
}

@Test func studentLoaderUsesTheIdentitySampler() throws {
    let (tree, dataset) = try smallDataset()
    defer { tree.remove() }
    let loader = try ImageLoader.student(
        records: dataset.train, transform: .train(height: 16, width: 16, padding: 2),
        instances: 3, settings: LoaderSettings(batchSize: 6, seed: 5))
    let batches = try collect(loader.epoch(3))
    #expect(!batches.isEmpty)
    for batch in batches {
        #expect(batch.images.shape == [6, 3, 16, 16])
        #expect(batch.pids[0] == batch.pids[2] && batch.pids[3] == batch.pids[5] && batch.pids[0] != batch.pids[3])
    }
}

@Test func corruptImageSurfacesInTheCallerOrIsSkipped() throws {
    let (tree, dataset) = try smallDataset()
    defer { tree.remove() }
    let victim = dataset.query[3].path
    let bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
    try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: victim))
    let transform = ImageTransform.test(height: 8, width: 8)
    let strict = try ImageLoader.test(
        records: dataset.query, transform: transform, settings: LoaderSettings(batchSize: 4, seed: 0))
    let stream = strict.epoch()
    #expect(throws: DatasetError.truncatedImage(path: victim)) { _ = try collect(stream) }
    let lenient = try ImageLoader.test(
        records: dataset.query, transform: transform,
        settings: LoaderSettings(batchSize: 4, seed: 0, skipUndecodable: true))
    let batches = try collect(lenient.epoch())
    #expect(batches.map(\.pids.count) == [3, 4, 4])
    #expect(batches[0].images.shape == [3, 3, 8, 8] && !batches[0].paths.contains(victim))
    #expect(lenient.skipped.skippedPaths == [victim])
}

@Test func cancelledStreamStopsEarly() throws {
    let (tree, dataset) = try smallDataset()
    defer { tree.remove() }
    let loader = try ImageLoader.test(
        records: dataset.query, transform: .test(height: 8, width: 8),
        settings: LoaderSettings(batchSize: 2, seed: 0, prefetch: 1))
    let stream = loader.epoch()
    #expect(stream.count == 6)
    #expect(try stream.next() != nil)
    stream.cancel()
    #expect(try stream.next() == nil)
}

@Test func badSizesAreErrorsNotCrashes() throws {
    let records = [ImageRecord(path: "/x.jpg", pid: 0, camid: 0)]
    #expect {
        try ImageLoader.test(
            records: records, transform: .test(height: 0, width: 8), settings: LoaderSettings(batchSize: 1, seed: 0))
    } throws: { "\($0)".contains("0x8") }
    #expect(throws: DatasetError.self) {
        try ImageLoader.test(
            records: records, transform: .test(height: 8, width: 8), settings: LoaderSettings(batchSize: 0, seed: 0))
    }
    #expect(Image(width: 0, height: 0).resized(height: 4, width: 4) == Image(width: 4, height: 4))
    #expect(Image(width: 3, height: 3).resized(height: 0, width: 4).pixels.isEmpty)
}

@Test func sharesOfABatchConcatenateToTheWholeBatch() throws {
    let (tree, dataset) = try smallDataset()
    defer { tree.remove() }
    let student = ImageTransform.train(height: 16, width: 16, padding: 2)
    let teacher = ImageTransform.train(height: 24, width: 20, padding: 4, erasingProbability: 0.5)
    let distillation = try DistillationLoader(
        records: dataset.train, student: student, teacher: teacher, settings: LoaderSettings(batchSize: 5, seed: 7))
    let whole = try collect(distillation.epoch(1, startingAt: 1))[0]
    let parts = try (0..<2).map {
        try collect(distillation.epoch(1, startingAt: 1, shares: .init(rank: $0, size: 2)))[0]
    }
    #expect(parts.map(\.paths.count) == [3, 2])
    #expect(parts[0].paths + parts[1].paths == whole.paths)
    // The same crop, flip and erasing for an image whichever rank decodes it.
    #expect(parts[0].teacher.scalars + parts[1].teacher.scalars == whole.teacher.scalars)
    #expect(parts[0].student.scalars + parts[1].student.scalars == whole.student.scalars)
    let identities = try ImageLoader.student(
        records: dataset.train, transform: student, instances: 3, settings: LoaderSettings(batchSize: 6, seed: 5))
    let batch = try collect(identities.epoch(2))[0]
    let shares = try (0..<3).map { try collect(identities.epoch(2, shares: .init(rank: $0, size: 3)))[0] }
    #expect(shares.flatMap(\.pids) == batch.pids)
    #expect(shares.flatMap(\.images.scalars) == batch.images.scalars)
}
