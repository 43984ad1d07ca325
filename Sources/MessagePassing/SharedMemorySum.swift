import CMPI
import TensorEngine

/// Sums a buffer over ranks that share one machine through memory they all map, instead of
/// messages: every rank writes its values into its own segment of one MPI shared-memory window
/// (`MPI_Win_allocate_shared`), adds up its shard (`BatchShares`) of every segment in rank
/// order into its own segment, and then reads every shard's sum where its owner left it. Each
/// element is added on one rank in one fixed order, so every rank reads the same bits; with
/// the caller's copies in and out, a rank reads the buffer's size three times and writes it
/// 2 + 1/N times, with no copy through MPI's own buffers and three barriers.
/// The window is kept for later calls (a step's gradients then fault in no fresh pages) and
/// grown when a call needs more.
final class SharedMemorySum {
    private let communicator: MPI_Comm?
    private let rank: Int
    private let size: Int
    private var window: MPI_Win?
    private var segments: [UnsafeMutableRawPointer] = []
    /// The bytes of each rank's segment (0 until the first call).
    private(set) var segmentBytes = 0

    /// Segments are whole pages, so that every rank's segment starts on its own page.
    private static let pageBytes = 4096
    /// Elements summed aside at a time: 16 KiB of Float, well inside L1 with the terms' lines.
    private static let blockCount = 4096

    /// The ranks of the world on this machine when they are the whole world, nil otherwise (a
    /// job spanning machines sums by messages). Collective over the world's ranks.
    static func sharingMachine(rank: Int, size: Int) throws(MessagePassingError) -> SharedMemorySum? {
        var communicator: MPI_Comm?
        try MPIProcessGroup.check(
            MPI_Comm_split_type(
                cmpi_comm_world(), Int32(MPI_COMM_TYPE_SHARED), Int32(rank), cmpi_info_null(), &communicator),
            "MPI_Comm_split_type")
        var local: Int32 = 0
        try MPIProcessGroup.check(MPI_Comm_size(communicator, &local), "MPI_Comm_size")
        guard local == size else {
            try MPIProcessGroup.check(MPI_Comm_free(&communicator), "MPI_Comm_free")
            return nil
        }
        return SharedMemorySum(communicator: communicator, rank: rank, size: size)
    }

    private init(communicator: MPI_Comm?, rank: Int, size: Int) {
        self.communicator = communicator
        self.rank = rank
        self.size = size
    }

    /// `fill` writes this rank's `count` values into its segment; `read` then sees the sums
    /// as every rank's shard, in rank order, each in its owner's segment. Every rank must call
    /// it with the same `count`, and the closures must not call the group.
    func sum<T: TensorScalar>(
        count: Int, of _: T.Type, fill: (UnsafeMutableBufferPointer<T>) throws -> Void,
        read: ([UnsafeBufferPointer<T>]) throws -> Void
    ) throws {
        let stride = MemoryLayout<T>.stride
        try reserve(count * stride)
        let mine = segments.isEmpty ? nil : segments[rank].assumingMemoryBound(to: T.self)
        try fill(UnsafeMutableBufferPointer(start: mine, count: count))
        guard count > 0 else { return try read([]) }
        try synchronise()
        let own = BatchShares(rank: rank, size: size).range(of: count)
        switch T.dtype {
        case .float32: addShard(own, as: Float.self)
        case .float64: addShard(own, as: Double.self)
        }
        try synchronise()
        try read(
            (0..<size).map { owner in
                let shard = BatchShares(rank: owner, size: size).range(of: count)
                let values = UnsafePointer(segments[owner].assumingMemoryBound(to: T.self))
                return UnsafeBufferPointer(start: values + shard.lowerBound, count: shard.count)
            })
        // Once every rank is past this barrier none reads another's segment, so the next call may refill them.
        try synchronise()
    }

    /// Writes into this rank's segment the sum of every segment over `shard`:
    /// ((s₀ + s₁) + s₂) + …, elementwise, a cache-sized block at a time (this rank's own values
    /// are among the terms, so the sum is built aside and then written over them).
    private func addShard<U: BinaryFloatingPoint>(_ shard: Range<Int>, as _: U.Type) {
        let terms = segments.map { UnsafePointer($0.assumingMemoryBound(to: U.self)) }
        let output = segments[rank].assumingMemoryBound(to: U.self)
        withUnsafeTemporaryAllocation(of: U.self, capacity: Self.blockCount) { block in
            guard let sum = block.baseAddress else { return }
            for start in stride(from: shard.lowerBound, to: shard.upperBound, by: Self.blockCount) {
                let count = min(Self.blockCount, shard.upperBound - start)
                let (first, second) = (terms[0] + start, terms[1] + start)
                for index in 0..<count { sum[index] = first[index] + second[index] }
                for term in terms.dropFirst(2) {
                    for index in 0..<count { sum[index] += term[start + index] }
                }
                (output + start).update(from: sum, count: count)
            }
        }
    }

    /// Makes every rank's segment hold at least `bytes` (collective: every rank asks for the
    /// same), replacing the window by a larger one when it is too small.
    private func reserve(_ bytes: Int) throws(MessagePassingError) {
        guard bytes > segmentBytes else { return }
        try release()
        let rounded = (bytes + Self.pageBytes - 1) / Self.pageBytes * Self.pageBytes
        var base: UnsafeMutableRawPointer?
        var created: MPI_Win?
        try MPIProcessGroup.check(
            MPI_Win_allocate_shared(MPI_Aint(rounded), 1, cmpi_info_null(), communicator, &base, &created),
            "MPI_Win_allocate_shared")
        window = created
        try MPIProcessGroup.check(MPI_Win_set_errhandler(created, cmpi_errors_return()), "MPI_Win_set_errhandler")
        // A passive epoch over the window's lifetime: MPI_Win_sync is valid only inside one.
        try MPIProcessGroup.check(MPI_Win_lock_all(MPI_MODE_NOCHECK, created), "MPI_Win_lock_all")
        var found: [UnsafeMutableRawPointer] = []
        for owner in 0..<size {
            var length: MPI_Aint = 0
            var unit: Int32 = 0
            var pointer: UnsafeMutableRawPointer?
            try MPIProcessGroup.check(
                MPI_Win_shared_query(created, Int32(owner), &length, &unit, &pointer), "MPI_Win_shared_query")
            guard let pointer, length >= rounded else {
                throw .callFailed(
                    call: "MPI_Win_shared_query", errorClass: 0,
                    message: "rank \(owner)'s segment has \(length) bytes, \(rounded) were allocated")
            }
            found.append(pointer)
        }
        segments = found
        segmentBytes = rounded
    }

    private func release() throws(MessagePassingError) {
        guard window != nil else { return }
        segments = []
        segmentBytes = 0
        try MPIProcessGroup.check(MPI_Win_unlock_all(window), "MPI_Win_unlock_all")
        try MPIProcessGroup.check(MPI_Win_free(&window), "MPI_Win_free")
    }

    /// Every rank's writes to the window are seen by every rank once all have arrived.
    private func synchronise() throws(MessagePassingError) {
        try MPIProcessGroup.check(MPI_Win_sync(window), "MPI_Win_sync")
        try MPIProcessGroup.check(MPI_Barrier(communicator), "MPI_Barrier")
        try MPIProcessGroup.check(MPI_Win_sync(window), "MPI_Win_sync")
    }
}
