import Foundation

/// Training convolutions' weights reordered into oneDNN's layouts, kept while the weights live.
///
/// A distillation step runs the student twice (student batch, distillation batch) on the same
/// weights, so each convolution's forward and input-gradient passes would reorder the same
/// weights twice per step (measured: weight reorders were 4.6 % of oneDNN's time in a D3 run).
/// Weights are never written in place (an optimizer step or a load gives a parameter a new
/// tensor, and any computed tensor is written only before it is returned), so the storage,
/// the offset and the layout identify a reordered copy. An entry holds the storage weakly: a
/// freed storage, whose address a new one may take, never matches, and its entry is dropped
/// at the next insertion.
enum DNNLWeightCache {
    private final class Entry {
        weak var storage: TensorStorage?
        let offset: Int
        let shape: [Int]
        let memory: DNNLMemory

        init(storage: TensorStorage, offset: Int, shape: [Int], memory: DNNLMemory) {
            self.storage = storage
            self.offset = offset
            self.shape = shape
            self.memory = memory
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [Entry] = []

    /// `weights` (contiguous fp32) in `layout`: its own buffer when the layout is plain,
    /// otherwise a reordered copy made once per weights and layout.
    /// - Throws: `TensorError.dnnlFailure` if oneDNN refuses the layout or the reorder.
    static func memory(for weights: Tensor, as layout: DNNLMemoryDescriptor) throws -> DNNLMemory {
        let plain = try DNNLMemory(tensor: weights)
        guard layout != plain.descriptor else { return plain }
        let (storage, offset) = (weights.storage, weights.offset)
        let hit = lock.withLock {
            entries.first {
                $0.storage === storage && $0.offset == offset && $0.shape == weights.shape
                    && $0.memory.descriptor == layout
            }
        }
        if let hit { return hit.memory }
        let reordered = try DNNLMemory(layout)
        try DNNLReorder.run(from: plain, to: reordered)
        lock.withLock {
            entries.removeAll { $0.storage == nil }
            entries.append(Entry(storage: storage, offset: offset, shape: weights.shape, memory: reordered))
        }
        return reordered
    }

    /// How many reordered weights are held (for tests).
    static var count: Int { lock.withLock { entries.filter { $0.storage != nil }.count } }
}
