import CMPI

/// What went wrong in the MPI layer: a failed MPI call (named by its collective, with Open MPI's
/// error class and text) or arguments the ranks cannot agree on.
public enum MessagePassingError: Error, Equatable, CustomStringConvertible {
    /// `call` (e.g. `MPI_Allreduce`) returned error class `errorClass`, described by `message`.
    case callFailed(call: String, errorClass: Int32, message: String)
    /// Open MPI cannot serialise calls from several threads (`MPI_THREAD_SERIALIZED`).
    case threadSupport(provided: Int32)
    /// `allGather` received `counts` with a wrong length or a wrong entry for this rank.
    case countsMismatch(rank: Int, size: Int, counts: [Int], localBytes: Int)
    /// A message of `bytes` bytes is past MPI's 32-bit counts.
    case messageTooLarge(call: String, bytes: Int)
    /// `broadcast` named a root outside `0 ..< size`.
    case invalidRoot(root: Int, size: Int)

    /// The message with what to do next.
    public var description: String {
        switch self {
        case .callFailed(let call, let errorClass, let message):
            return "\(call) failed (MPI error class \(errorClass)): \(message); "
                + "check that every rank runs the same command and that the hosts reach each other"
        case .threadSupport(let provided):
            return "Open MPI provides thread level \(provided), AIRS needs MPI_THREAD_SERIALIZED "
                + "(\(MPI_THREAD_SERIALIZED)); use an Open MPI built with thread support"
        case .countsMismatch(let rank, let size, let counts, let localBytes):
            return "allGather on rank \(rank) of \(size): counts \(counts) must have \(size) entries "
                + "and entry \(rank) must be this rank's \(localBytes) bytes"
        case .messageTooLarge(let call, let bytes):
            return "\(call): \(bytes) bytes exceed MPI's 32-bit counts (2 GiB); send smaller pieces"
        case .invalidRoot(let root, let size):
            return "broadcast from rank \(root): the group has ranks 0 ..< \(size)"
        }
    }
}
