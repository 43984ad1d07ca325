import Foundation
import TensorEngine

/// A process group whose ranks are threads of this process, meeting at a rendezvous: tests
/// check data-parallel code against the single-process run without MPI. Sums run in rank
/// order, so every rank gets the same bits.
public final class ThreadProcessGroup: ProcessGroup {
    /// This thread's rank.
    public let rank: Int
    /// The number of rank threads.
    public let size: Int
    private let meeting: Rendezvous

    private init(rank: Int, meeting: Rendezvous) {
        self.rank = rank
        self.size = meeting.size
        self.meeting = meeting
    }

    /// Runs `body` on `ranks` threads, each with its rank's group, and returns their results
    /// in rank order. When a rank throws, the others' collectives fail too (instead of waiting
    /// for it forever) and the first rank's error in rank order is rethrown.
    public static func run<R>(ranks: Int, _ body: @escaping @Sendable (ThreadProcessGroup) throws -> R) throws -> [R] {
        let meeting = Rendezvous(size: ranks)
        let outcomes = Outcomes<R>(count: ranks)
        let done = DispatchGroup()
        for rank in 0..<ranks {
            done.enter()
            let thread = Thread {
                let group = ThreadProcessGroup(rank: rank, meeting: meeting)
                do {
                    outcomes.set(rank, .success(try body(group)))
                } catch {
                    meeting.abandon()
                    outcomes.set(rank, .failure(error))
                }
                done.leave()
            }
            // The autograd walk and the model forward recurse deeper than the default 512 KiB.
            thread.stackSize = 16 << 20
            thread.start()
        }
        done.wait()
        return try outcomes.all()
    }

    /// Sums in rank order.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        try reduce(values)
    }

    /// Sums in rank order.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        try reduce(values)
    }

    /// Every rank's bytes in rank order; throws when a rank's byte count is not `counts[rank]`.
    public func allGather(_ local: UnsafeRawBufferPointer, counts: [Int]) throws -> [UInt8] {
        guard counts.count == size, counts[rank] == local.count else {
            throw ThreadProcessGroupError.mismatch("rank \(rank) gathers \(local.count) bytes, counts say \(counts)")
        }
        return try meeting.exchange(rank, Array(local)).flatMap { $0 }
    }

    /// Rank `root`'s bytes.
    public func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] {
        try meeting.exchange(rank, rank == root ? bytes : [])[root]
    }

    /// Returns once every rank has called it.
    public func barrier() throws {
        _ = try meeting.exchange(rank, [])
    }

    private func reduce<T: BinaryFloatingPoint>(_ values: UnsafeMutableBufferPointer<T>) throws {
        let all = try meeting.exchange(rank, Array(UnsafeRawBufferPointer(values)))
        guard all.allSatisfy({ $0.count == all[0].count }) else {
            throw ThreadProcessGroupError.mismatch("ranks reduce \(all.map(\.count)) bytes")
        }
        for i in values.indices { values[i] = 0 }
        for contribution in all {
            contribution.withUnsafeBytes { raw in
                for i in values.indices {
                    values[i] += raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.stride, as: T.self)
                }
            }
        }
    }
}

/// Why a collective of a `ThreadProcessGroup` failed.
public enum ThreadProcessGroupError: Error, CustomStringConvertible {
    /// Another rank failed, so this collective can never complete.
    case abandoned
    /// The ranks called a collective with sizes that do not fit together.
    case mismatch(String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .abandoned: return "another rank failed; the collective was abandoned"
        case .mismatch(let message): return "the ranks' collectives do not match: \(message)"
        }
    }
}

/// Where the rank threads meet: each brings its bytes and leaves with every rank's.
private final class Rendezvous: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [[UInt8]]
    private var arrived = 0
    private var generation = 0
    private var result: [[UInt8]] = []
    private var abandoned = false

    init(size: Int) {
        self.size = size
        slots = Array(repeating: [], count: size)
    }

    func exchange(_ rank: Int, _ bytes: [UInt8]) throws -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        guard !abandoned else { throw ThreadProcessGroupError.abandoned }
        slots[rank] = bytes
        arrived += 1
        let mine = generation
        if arrived == size {
            // The last to arrive publishes; the result stays until every rank has come again.
            result = slots
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine && !abandoned { condition.wait() }
            guard generation != mine else { throw ThreadProcessGroupError.abandoned }
        }
        return result
    }

    func abandon() {
        condition.lock()
        abandoned = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Each rank thread's result, set once.
private final class Outcomes<R>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<R, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ rank: Int, _ outcome: Result<R, any Error>) {
        lock.lock()
        results[rank] = outcome
        lock.unlock()
    }

    func all() throws -> [R] {
        lock.lock()
        defer { lock.unlock() }
        return try results.map { try ($0 ?? .failure(ThreadProcessGroupError.abandoned)).get() }
    }
}
