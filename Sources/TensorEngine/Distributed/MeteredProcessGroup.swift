import Foundation

/// A process group that passes every collective to another and keeps a tally of each kind:
/// calls, bytes, and the wall time spent inside (waiting for the slowest rank included). Data-
/// parallel training reports from it what one step exchanges and how long it waits.
public final class MeteredProcessGroup: ProcessGroup, @unchecked Sendable {
    /// The kinds of collective the tally tells apart.
    public enum Kind: String, CaseIterable, Sendable {
        /// `allReduceSum` over `Float` values (the parameter gradients).
        case allReduceFloat = "all-reduce Float"
        /// `allReduceSum` over `Double` values (batch-norm statistics, votes).
        case allReduceDouble = "all-reduce Double"
        /// `allGather` (outputs, labels, row counts).
        case allGather = "all-gather"
        /// `broadcast`.
        case broadcast
        /// `barrier`.
        case barrier
    }

    /// What passed through one kind of collective.
    public struct Tally: Sendable, Equatable {
        /// The number of calls.
        public var calls = 0
        /// Bytes of the result on this rank: the reduced buffer, every rank's gathered bytes,
        /// the broadcast bytes.
        public var bytes = 0
        /// Wall seconds inside the calls.
        public var seconds = 0.0
        /// CPU seconds of the calling thread inside the calls (Open MPI polls while it waits).
        public var cpuSeconds = 0.0

        /// A tally of `calls` calls that moved `bytes` bytes in `seconds` (`cpuSeconds` of CPU).
        public init(calls: Int = 0, bytes: Int = 0, seconds: Double = 0, cpuSeconds: Double = 0) {
            self.calls = calls
            self.bytes = bytes
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
        }

        /// The difference of two tallies (what passed between two readings).
        public static func - (lhs: Tally, rhs: Tally) -> Tally {
            Tally(
                calls: lhs.calls - rhs.calls, bytes: lhs.bytes - rhs.bytes, seconds: lhs.seconds - rhs.seconds,
                cpuSeconds: lhs.cpuSeconds - rhs.cpuSeconds)
        }

        /// The sum of two tallies.
        public static func + (lhs: Tally, rhs: Tally) -> Tally {
            Tally(
                calls: lhs.calls + rhs.calls, bytes: lhs.bytes + rhs.bytes, seconds: lhs.seconds + rhs.seconds,
                cpuSeconds: lhs.cpuSeconds + rhs.cpuSeconds)
        }
    }

    /// The group every call goes to.
    public let base: any ProcessGroup
    // Collectives may come from any thread (one at a time, as MPI_THREAD_SERIALIZED allows).
    private let lock = NSLock()
    private var counted: [Kind: Tally] = [:]

    /// Meters `base`.
    public init(_ base: any ProcessGroup) { self.base = base }

    /// `base`'s rank.
    public var rank: Int { base.rank }
    /// `base`'s size.
    public var size: Int { base.size }

    /// Every kind's tally so far (kinds never called are absent).
    public var tallies: [Kind: Tally] {
        lock.lock()
        defer { lock.unlock() }
        return counted
    }

    /// `base.allReduceSum`, counted.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        try metered(
            .allReduceFloat, bytes: { values.count * MemoryLayout<Float>.stride },
            call: { try base.allReduceSum(values) })
    }

    /// `base.allReduceSum`, counted.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        try metered(
            .allReduceDouble, bytes: { values.count * MemoryLayout<Double>.stride },
            call: { try base.allReduceSum(values) })
    }

    /// `base.allReduceSum(count:of:fill:read:)`, counted with the other sums of its type.
    public func allReduceSum<T: TensorScalar>(
        count: Int, of type: T.Type, fill: (UnsafeMutableBufferPointer<T>) throws -> Void,
        read: ([UnsafeBufferPointer<T>]) throws -> Void
    ) throws {
        try metered(
            T.dtype == .float32 ? .allReduceFloat : .allReduceDouble, bytes: { count * MemoryLayout<T>.stride },
            call: { try base.allReduceSum(count: count, of: type, fill: fill, read: read) })
    }

    /// `base.allGather`, counted.
    public func allGather(_ local: UnsafeRawBufferPointer, counts: [Int]) throws -> [UInt8] {
        try metered(.allGather, bytes: \.count, call: { try base.allGather(local, counts: counts) })
    }

    /// `base.broadcast`, counted (the bytes received).
    public func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] {
        try metered(.broadcast, bytes: \.count, call: { try base.broadcast(bytes, from: root) })
    }

    /// `base.barrier`, counted.
    public func barrier() throws {
        try metered(.barrier, bytes: { 0 }, call: { try base.barrier() })
    }

    private func metered<R>(_ kind: Kind, bytes: (R) -> Int, call: () throws -> R) throws -> R {
        let (startWall, startCPU) = (DispatchTime.now().uptimeNanoseconds, Self.threadCPUSeconds())
        let result = try call()
        let spent = Tally(
            calls: 1, bytes: bytes(result), seconds: Double(DispatchTime.now().uptimeNanoseconds - startWall) / 1e9,
            cpuSeconds: Self.threadCPUSeconds() - startCPU)
        lock.lock()
        counted[kind, default: Tally()] = counted[kind, default: Tally()] + spent
        lock.unlock()
        return result
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
