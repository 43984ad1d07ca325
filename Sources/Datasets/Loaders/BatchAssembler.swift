import Foundation
import TensorEngine

/// Decodes the images of one batch on worker threads and writes each image's views (one per
/// transform) straight into the batch tensors.
struct BatchAssembler: Sendable {
    let settings: LoaderSettings
    let views: [ImageTransform]
    let tables: [[Float]]
    let skipped: SkipLog

    init(settings: LoaderSettings, views: [ImageTransform], skipped: SkipLog) {
        self.settings = settings
        self.views = views
        self.tables = views.map { $0.normalization.lookupTable() }
        self.skipped = skipped
    }

    /// One `[n, 3, h, w]` tensor per view and the records that made it in. Each view of each
    /// sample draws from its own generator keyed by `streamKey`, the sample's position in the
    /// whole batch (`records` start at `firstPosition` of it when a rank decodes its share) and
    /// the view, so a sample is augmented alike whichever rank decodes it.
    func assemble(_ records: [ImageRecord], streamKey: [UInt64], firstPosition: Int = 0) throws -> (
        tensors: [Tensor], records: [ImageRecord]
    ) {
        let n = records.count
        let failures = SampleFailures()
        let tensors = try BatchAssembler.makeTensors(views.map { [n, 3, $0.height, $0.width] }) { buffers in
            let shared = UncheckedSendable(buffers)
            let workers = max(1, min(settings.threads, n))
            concurrentPerform(iterations: workers) { worker in
                for position in stride(from: worker, to: n, by: workers) {
                    do {
                        let url = URL(fileURLWithPath: records[position].path)
                        let image = try ImageCodec.decode(contentsOf: url, allowTruncated: settings.allowTruncated)
                        for (v, view) in views.enumerated() {
                            var rng = RandomGenerator(
                                seed: settings.seed, stream: streamKey + [UInt64(firstPosition + position), UInt64(v)])
                            let size = view.elementCount
                            let start = position * size
                            let slice = UnsafeMutableBufferPointer(rebasing: shared.value[v][start..<start + size])
                            view.applyResized(
                                image.resized(height: view.height, width: view.width), table: tables[v],
                                using: &rng, into: slice)
                        }
                    } catch {
                        failures.record(position, error)
                    }
                }
            }
        }
        let failed = failures.all
        guard !failed.isEmpty else { return (tensors, records) }
        guard settings.skipUndecodable else { throw failed[0].error }
        skipped.record(failed.map { records[$0.position].path })
        let keep = (0..<n).filter { position in !failed.contains { $0.position == position } }
        let compacted = try tensors.map { tensor in
            let row = tensor.count / max(n, 1)
            return try tensor.withUnsafeFloats { source in
                Tensor.makeFloats([keep.count] + Array(tensor.shape.dropFirst())) { target in
                    for (k, position) in keep.enumerated() {
                        for i in 0..<row { target[k * row + i] = source[position * row + i] }
                    }
                }
            }
        }
        return (compacted, keep.map { records[$0] })
    }

    /// Creates one float tensor per shape and lets `body` fill them all.
    static func makeTensors(_ shapes: [[Int]], _ body: ([UnsafeMutableBufferPointer<Float>]) throws -> Void) throws
        -> [Tensor]
    {
        func nest(_ index: Int, _ buffers: [UnsafeMutableBufferPointer<Float>]) throws -> [Tensor] {
            if index == shapes.count {
                try body(buffers)
                return []
            }
            var rest: [Tensor] = []
            let tensor = try Tensor.makeFloats(shapes[index]) { buffer in rest = try nest(index + 1, buffers + [buffer])
            }
            return [tensor] + rest
        }
        return try nest(0, [])
    }
}

/// Errors of individual samples, collected across worker threads.
final class SampleFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [(position: Int, error: Error)] = []

    func record(_ position: Int, _ error: Error) {
        lock.lock()
        failures.append((position, error))
        lock.unlock()
    }

    /// Failures sorted by position, so the error reported does not depend on scheduling.
    var all: [(position: Int, error: Error)] {
        lock.lock()
        defer { lock.unlock() }
        return failures.sorted { $0.position < $1.position }
    }
}

/// The images a loader skipped because they could not be decoded.
public final class SkipLog: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    /// An empty log.
    public init() {}

    func record(_ newPaths: [String]) {
        lock.lock()
        paths += newPaths
        lock.unlock()
    }

    /// Paths skipped so far, in the order they were met.
    public var skippedPaths: [String] {
        lock.lock()
        defer { lock.unlock() }
        return paths
    }
}
