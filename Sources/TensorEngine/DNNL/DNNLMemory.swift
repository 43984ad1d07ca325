import CDNNL

/// A oneDNN memory object: a descriptor bound to a buffer, either one it owns (allocated
/// 64-byte aligned, freed with it) or one the caller lends and keeps alive.
public final class DNNLMemory: @unchecked Sendable {
    let handle: dnnl_memory_t
    /// What the buffer holds.
    public let descriptor: DNNLMemoryDescriptor
    /// The buffer.
    public private(set) var data: UnsafeMutableRawPointer
    private let owned: UnsafeMutableRawPointer?
    /// What keeps a borrowed buffer alive (a tensor's storage).
    private let keeper: AnyObject?

    /// A memory of `descriptor` with a buffer of its own.
    /// - Throws: `TensorError.dnnlFailure` if oneDNN refuses the descriptor.
    public convenience init(_ descriptor: DNNLMemoryDescriptor) throws {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(descriptor.byteCount, 1), alignment: 64)
        try self.init(descriptor, buffer: buffer, owned: true, keeper: nil)
    }

    /// A memory of `descriptor` over `buffer`, which the caller keeps alive (and at least
    /// `descriptor.byteCount` bytes long) while this memory is used.
    /// - Throws: `TensorError.dnnlFailure` if oneDNN refuses the descriptor.
    public convenience init(_ descriptor: DNNLMemoryDescriptor, borrowing buffer: UnsafeMutableRawPointer) throws {
        try self.init(descriptor, buffer: buffer, owned: false, keeper: nil)
    }

    init(_ descriptor: DNNLMemoryDescriptor, buffer: UnsafeMutableRawPointer, owned: Bool, keeper: AnyObject?) throws {
        var handle: dnnl_memory_t?
        let engine = try DNNLEngine.shared()
        let status = withUnsafePointer(to: descriptor.raw) { dnnl_memory_create(&handle, $0, engine.engine, buffer) }
        guard status == dnnl_success, let handle else {
            if owned { buffer.deallocate() }
            try check(status == dnnl_success ? dnnl_runtime_error : status, "memory \(descriptor.shape)")
            throw TensorError.dnnlFailure(primitive: "memory \(descriptor.shape)", status: "no memory")
        }
        self.handle = handle
        self.descriptor = descriptor
        self.owned = owned ? buffer : nil
        data = buffer
        self.keeper = keeper
    }

    deinit {
        dnnl_memory_destroy(handle)
        owned?.deallocate()
    }

    /// Points a borrowing memory at another buffer of the same size (a new batch's tensor).
    /// - Throws: `TensorError.dnnlFailure` if oneDNN refuses.
    public func rebind(to buffer: UnsafeMutableRawPointer) throws {
        precondition(owned == nil, "rebind(to:) is for memories that borrow their buffer")
        try check(dnnl_memory_set_data_handle(handle, buffer), "memory \(descriptor.shape)")
        data = buffer
    }
}
