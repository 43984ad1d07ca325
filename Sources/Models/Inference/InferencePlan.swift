import Foundation
import TensorEngine

/// A frozen network lowered into oneDNN primitives for one input shape and precision: a
/// list of steps over memories bound once, activations kept in oneDNN's blocked layout from
/// the first reorder to the stage maps (`InferencePlanBuilder` makes it).
final class InferencePlan: @unchecked Sendable {
    /// `[batch, 3, height, width]`.
    let inputShape: [Int]
    private let input: DNNLMemory
    private let steps: [() throws -> Void]
    private let stages: StageMaps
    /// The buffers the steps' memories borrow.
    private let buffers: [PlanBuffer]
    /// One run at a time: the steps share the buffers.
    private let lock = NSLock()

    init(inputShape: [Int], input: DNNLMemory, steps: [() throws -> Void], stages: StageMaps, buffers: [PlanBuffer]) {
        self.inputShape = inputShape
        self.input = input
        self.steps = steps
        self.stages = stages
        self.buffers = buffers
    }

    /// The stage maps of `images` `[batch, 3, height, width]` (of `inputShape`), in fp32; only
    /// the last one unless `keepsStageMaps` (each map is reordered out of the blocked layout).
    /// - Throws: `TensorError.dnnlFailure` naming a primitive oneDNN failed to run.
    func run(_ images: Tensor, keepsStageMaps: Bool = true) throws -> [Tensor] {
        try lock.withLock {
            stages.keepsAll = keepsStageMaps
            try images.withUnsafeFloats { elements in
                guard let base = elements.baseAddress else { return }
                try input.rebind(to: UnsafeMutableRawPointer(mutating: base))
                for step in steps { try step() }
            }
            defer { stages.maps = [] }
            return stages.maps
        }
    }
}

/// The stage maps a run collects, in order.
final class StageMaps: @unchecked Sendable {
    var maps: [Tensor] = []
    /// How many stages the plan emits.
    var count = 0
    /// Whether this run collects every stage or only the last.
    var keepsAll = true

    /// Whether stage `index` is copied out in this run.
    func collects(_ index: Int) -> Bool { keepsAll || index == count - 1 }
}

/// An aligned byte buffer that plan memories borrow; released with the plan.
final class PlanBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int

    init(byteCount: Int) {
        self.byteCount = byteCount
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 64), alignment: 64)
    }

    deinit { pointer.deallocate() }
}
