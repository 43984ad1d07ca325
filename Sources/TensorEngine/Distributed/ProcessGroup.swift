/// The processes that train one model together, data-parallel: every rank runs the same
/// program on its slice of each global batch and meets the others in these collectives.
/// Every rank must call the same collectives in the same order with matching sizes.
///
/// `SingleProcessGroup` is the group of one (no communication); the MPI layer supplies the
/// group of an `mpirun` job. Implementations are classes: a group is one connection.
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's index, `0 ..< size`; rank 0 alone writes files and reports.
    var rank: Int { get }
    /// The number of processes in the group.
    var size: Int { get }
    /// Replaces `values` on every rank with their elementwise sum over all ranks.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws
    /// Replaces `values` on every rank with their elementwise sum over all ranks.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws
    /// Sums `count` values over the ranks: `fill` writes this rank's values into a buffer the
    /// group lends, and `read` then sees the `count` sums as consecutive pieces (buffers valid
    /// only during the call). A group may keep that buffer from call to call, or place it where
    /// the other ranks read it directly (`MPIProcessGroup` on one machine, one piece per
    /// rank); the closures must not call the group. Every rank must pass the same `count`.
    func allReduceSum<T: TensorScalar>(
        count: Int, of type: T.Type, fill: (UnsafeMutableBufferPointer<T>) throws -> Void,
        read: ([UnsafeBufferPointer<T>]) throws -> Void) throws
    /// Every rank's `local` bytes, concatenated in rank order; `counts[r]` is rank r's byte
    /// count (the same array on every rank).
    func allGather(_ local: UnsafeRawBufferPointer, counts: [Int]) throws -> [UInt8]
    /// Rank `root`'s `bytes` on every rank (the others' argument is ignored).
    func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8]
    /// Returns once every rank has called it.
    func barrier() throws
}

extension ProcessGroup {
    /// Whether this is the rank that writes logs, checkpoints and results.
    public var isLeader: Bool { rank == 0 }

    /// `allReduceSum` for code generic over the element type: the collective of `T.dtype`.
    public func allReduceSum<T: TensorScalar>(_ values: UnsafeMutableBufferPointer<T>) throws {
        let bytes = UnsafeMutableRawBufferPointer(values)
        switch T.dtype {
        case .float32: try allReduceSum(bytes.bindMemory(to: Float.self))
        case .float64: try allReduceSum(bytes.bindMemory(to: Double.self))
        }
    }

    /// Lends a buffer allocated for the call, summed by `allReduceSum(_:)`: groups that keep no
    /// memory of their own sum this way.
    public func allReduceSum<T: TensorScalar>(
        count: Int, of type: T.Type, fill: (UnsafeMutableBufferPointer<T>) throws -> Void,
        read: ([UnsafeBufferPointer<T>]) throws -> Void
    ) throws {
        try allReduceSumInNewBuffer(count: count, of: type, fill: fill, read: read)
    }

    /// `allReduceSum(count:of:fill:read:)` through a buffer allocated for the call and summed by
    /// `allReduceSum(_:)`, read as one piece.
    public func allReduceSumInNewBuffer<T: TensorScalar>(
        count: Int, of _: T.Type, fill: (UnsafeMutableBufferPointer<T>) throws -> Void,
        read: ([UnsafeBufferPointer<T>]) throws -> Void
    ) throws {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        defer { buffer.deallocate() }
        try fill(buffer)
        try allReduceSum(buffer)
        try read([UnsafeBufferPointer(buffer)])
    }
}

/// The group of one process: every collective returns its input.
public final class SingleProcessGroup: ProcessGroup {
    /// The group of this process alone.
    public init() {}

    /// Always 0.
    public var rank: Int { 0 }
    /// Always 1.
    public var size: Int { 1 }
    /// Leaves `values` as they are.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) {}
    /// Leaves `values` as they are.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) {}
    /// A copy of `local`.
    public func allGather(_ local: UnsafeRawBufferPointer, counts: [Int]) -> [UInt8] { Array(local) }
    /// `bytes` itself.
    public func broadcast(_ bytes: [UInt8], from root: Int) -> [UInt8] { bytes }
    /// Returns at once.
    public func barrier() {}
}
