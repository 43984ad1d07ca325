import CMPI
import Foundation
import TensorEngine

/// The ranks of an `mpirun` job (`MPI_COMM_WORLD`) as a `ProcessGroup`. MPI is initialised on
/// the first `world()` and finalised when the process exits; errors come back as values
/// (`MPI_ERRORS_RETURN`) and are thrown as `MessagePassingError`. When every rank runs on one
/// machine, `allReduceSum(count:of:fill:read:)` sums in memory the ranks share
/// (`SharedMemorySum`; `AIRS_MPI_SHARED_MEMORY=0` turns that off) instead of by messages.
public final class MPIProcessGroup: ProcessGroup, @unchecked Sendable {
    /// This process's rank in the job.
    public let rank: Int
    /// The job's rank count.
    public let size: Int
    // Open MPI is asked for MPI_THREAD_SERIALIZED: calls may come from any thread, one at a time.
    private let lock = NSLock()
    // The ring's receive buffer, kept between calls (a step's gradients need tens of MB); used
    // under `lock` only.
    private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    // The ranks' shared window when they share one machine; used under `lock` only.
    private let shared: SharedMemorySum?

    /// Buffers of at least this many bytes are summed by a ring (see `allReduceSum`); smaller
    /// ones by Open MPI's own all-reduce, whose few steps cost less latency.
    public static let ringBytes = 1 << 20

    private static let joined = Result { () throws(MessagePassingError) in try MPIProcessGroup() }

    /// The job's group, initialising MPI on the first call (every later call returns the same
    /// group or the same error). Call it only in a process a launcher started (`MPILaunch`).
    public static func world() throws(MessagePassingError) -> MPIProcessGroup {
        try joined.get()
    }

    private init() throws(MessagePassingError) {
        var provided: Int32 = 0
        try Self.check(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_SERIALIZED), &provided), "MPI_Init_thread")
        atexit {
            var finalized: Int32 = 0
            MPI_Finalized(&finalized)
            if finalized == 0 { MPI_Finalize() }
        }
        guard provided >= Int32(MPI_THREAD_SERIALIZED) else { throw .threadSupport(provided: provided) }
        try Self.check(MPI_Comm_set_errhandler(cmpi_comm_world(), cmpi_errors_return()), "MPI_Comm_set_errhandler")
        var rank: Int32 = 0
        var size: Int32 = 0
        try Self.check(MPI_Comm_rank(cmpi_comm_world(), &rank), "MPI_Comm_rank")
        try Self.check(MPI_Comm_size(cmpi_comm_world(), &size), "MPI_Comm_size")
        self.rank = Int(rank)
        self.size = Int(size)
        shared = try Self.sharedMemorySum(rank: Int(rank), size: Int(size))
    }

    /// The shared-memory sum when every rank is on this machine and none was told not to use it
    /// (the ranks agree: a rank summing by messages while another waits in the window would
    /// hang the job).
    private static func sharedMemorySum(rank: Int, size: Int) throws(MessagePassingError) -> SharedMemorySum? {
        guard size > 1 else { return nil }
        let sharing = try SharedMemorySum.sharingMachine(rank: rank, size: size)
        let allowed = ProcessInfo.processInfo.environment["AIRS_MPI_SHARED_MEMORY"] != "0"
        var willing = Int64(sharing != nil && allowed ? 1 : 0)
        try check(
            MPI_Allreduce(cmpi_in_place(), &willing, 1, cmpi_int64(), cmpi_sum(), cmpi_comm_world()), "MPI_Allreduce")
        return willing == Int64(size) ? sharing : nil
    }

    /// The bytes of this rank's segment of the shared-memory window (grown to the largest sum so
    /// far, then reused); nil when the group sums by messages (ranks on several machines, a
    /// group of one, or `AIRS_MPI_SHARED_MEMORY=0`).
    public var sharedMemoryBytes: Int? {
        lock.lock()
        defer { lock.unlock() }
        return shared?.segmentBytes
    }

    /// Replaces `values` on every rank with their elementwise sum over all ranks.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        if usesRing(values) {
            try ringAllReduceSum(values, type: cmpi_float())
        } else {
            try allReduceSum(UnsafeMutableRawBufferPointer(values), count: values.count, type: cmpi_float())
        }
    }

    /// Replaces `values` on every rank with their elementwise sum over all ranks.
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        if usesRing(values) {
            try ringAllReduceSum(values, type: cmpi_double())
        } else {
            try allReduceSum(UnsafeMutableRawBufferPointer(values), count: values.count, type: cmpi_double())
        }
    }

    /// Sums in the ranks' shared memory when they share this machine (`fill` then writes
    /// straight into this rank's segment, which later calls reuse), otherwise through a buffer
    /// of the call's own, summed like `allReduceSum(_:)`.
    public func allReduceSum<T: TensorScalar>(
        count: Int, of type: T.Type, fill: (UnsafeMutableBufferPointer<T>) throws -> Void,
        read: ([UnsafeBufferPointer<T>]) throws -> Void
    ) throws {
        guard let shared else {
            return try allReduceSumInNewBuffer(count: count, of: type, fill: fill, read: read)
        }
        lock.lock()
        defer { lock.unlock() }
        try shared.sum(count: count, of: type, fill: fill, read: read)
    }

    private func usesRing<T>(_ values: UnsafeMutableBufferPointer<T>) -> Bool {
        size > 1 && values.count * MemoryLayout<T>.stride >= Self.ringBytes && values.count / size < Int(Int32.max)
    }

    /// The sum of a large buffer by a ring: a reduce-scatter (in N − 1 steps every rank passes
    /// a chunk on to the next rank and adds the chunk it receives to its own), then an
    /// all-gather of the summed chunks. Every rank sends and receives 2(N − 1)/N of the buffer
    /// and adds 1/N of it. Open MPI 4.1 sums two ranks by recursive doubling, which sends and
    /// adds the whole buffer on both: for a step's 46 MB of gradients on this 2-core machine
    /// (loaded) that took 45–75 ms of CPU a rank, a ring 26 ms. Each chunk is summed on one rank
    /// and copied to the others, so every rank holds the same bits.
    private func ringAllReduceSum<T: BinaryFloatingPoint>(
        _ values: UnsafeMutableBufferPointer<T>, type: MPI_Datatype?
    ) throws {
        guard let base = values.baseAddress else { return }
        func chunk(_ index: Int) -> Range<Int> {
            BatchShares(rank: (index % size + size) % size, size: size).range(of: values.count)
        }
        let (right, left) = (Int32((rank + 1) % size), Int32((rank + size - 1) % size))
        lock.lock()
        defer { lock.unlock() }
        let largest = chunk(0).count * MemoryLayout<T>.stride
        if scratch.count < largest {
            scratch.deallocate()
            scratch = .allocate(byteCount: largest, alignment: 64)
        }
        let received = scratch.bindMemory(to: T.self)
        for step in 0..<(size - 1) {
            let (send, receive) = (chunk(rank - step), chunk(rank - step - 1))
            try Self.check(
                MPI_Sendrecv(
                    base + send.lowerBound, Int32(send.count), type, right, 0, received.baseAddress,
                    Int32(receive.count), type, left, 0, cmpi_comm_world(), cmpi_status_ignore()), "MPI_Sendrecv")
            let target = base + receive.lowerBound
            for index in 0..<receive.count { target[index] += received[index] }
        }
        for step in 0..<(size - 1) {
            let (send, receive) = (chunk(rank + 1 - step), chunk(rank - step))
            try Self.check(
                MPI_Sendrecv(
                    base + send.lowerBound, Int32(send.count), type, right, 1, base + receive.lowerBound,
                    Int32(receive.count), type, left, 1, cmpi_comm_world(), cmpi_status_ignore()), "MPI_Sendrecv")
        }
    }

    /// In place, in pieces of at most `Int32.max` elements (MPI's counts are 32-bit).
    private func allReduceSum(_ bytes: UnsafeMutableRawBufferPointer, count: Int, type: MPI_Datatype?) throws {
        guard count > 0, let base = bytes.baseAddress else { return }
        let stride = bytes.count / count
        var start = 0
        while start < count {
            let piece = min(count - start, Int(Int32.max))
            try serialised("MPI_Allreduce") {
                MPI_Allreduce(
                    cmpi_in_place(), base + start * stride, Int32(piece), type, cmpi_sum(), cmpi_comm_world())
            }
            start += piece
        }
    }

    /// Every rank's `local` bytes, concatenated in rank order; `counts[r]` is rank r's byte
    /// count (the same array on every rank; entries may differ and may be 0).
    public func allGather(_ local: UnsafeRawBufferPointer, counts: [Int]) throws -> [UInt8] {
        guard counts.count == size, counts[rank] == local.count, counts.allSatisfy({ $0 >= 0 }) else {
            throw MessagePassingError.countsMismatch(rank: rank, size: size, counts: counts, localBytes: local.count)
        }
        let total = counts.reduce(0, +)
        guard total <= Int(Int32.max) else {
            throw MessagePassingError.messageTooLarge(call: "MPI_Allgatherv", bytes: total)
        }
        let receiveCounts = counts.map { Int32($0) }
        var displacements = [Int32](repeating: 0, count: size)
        for index in 1..<max(size, 1) { displacements[index] = displacements[index - 1] + receiveCounts[index - 1] }
        var gathered = [UInt8](repeating: 0, count: max(total, 1))
        try gathered.withUnsafeMutableBytes { output in
            try serialised("MPI_Allgatherv") {
                MPI_Allgatherv(
                    local.baseAddress, Int32(local.count), cmpi_byte(), output.baseAddress, receiveCounts,
                    displacements, cmpi_byte(), cmpi_comm_world())
            }
        }
        return Array(gathered.prefix(total))
    }

    /// Rank `root`'s `bytes` on every rank (the others' argument is ignored; the length travels
    /// first, so the ranks need not know it).
    public func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] {
        guard (0..<size).contains(root) else { throw MessagePassingError.invalidRoot(root: root, size: size) }
        var length = Int64(rank == root ? bytes.count : 0)
        try serialised("MPI_Bcast") { MPI_Bcast(&length, 1, cmpi_int64(), Int32(root), cmpi_comm_world()) }
        guard length <= Int64(Int32.max) else {
            throw MessagePassingError.messageTooLarge(call: "MPI_Bcast", bytes: Int(length))
        }
        var received = rank == root ? bytes : [UInt8](repeating: 0, count: Int(length))
        guard length > 0 else { return [] }
        try received.withUnsafeMutableBytes { buffer in
            try serialised("MPI_Bcast") {
                MPI_Bcast(buffer.baseAddress, Int32(length), cmpi_byte(), Int32(root), cmpi_comm_world())
            }
        }
        return received
    }

    /// Returns once every rank has called it.
    public func barrier() throws {
        try serialised("MPI_Barrier") { MPI_Barrier(cmpi_comm_world()) }
    }

    /// Prints `airs (rank r of n): message` on standard error and ends every rank of the job
    /// (`MPI_Abort`), so that a failure on one rank does not leave the others waiting in a
    /// collective forever.
    public func abort(_ message: String) -> Never {
        FileHandle.standardError.write(Data("airs (rank \(rank) of \(size)): \(message)\n".utf8))
        MPI_Abort(cmpi_comm_world(), 1)
        exit(1)
    }

    private func serialised(_ call: String, _ body: () -> Int32) throws(MessagePassingError) {
        lock.lock()
        let code = body()
        lock.unlock()
        try Self.check(code, call)
    }

    static func check(_ code: Int32, _ call: String) throws(MessagePassingError) {
        guard code != MPI_SUCCESS else { return }
        var errorClass: Int32 = 0
        MPI_Error_class(code, &errorClass)
        var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &text, &length)
        let message = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        throw .callFailed(call: call, errorClass: errorClass, message: message)
    }
}
