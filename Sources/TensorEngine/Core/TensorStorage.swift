/// A reference-counted, 64-byte-aligned block of elements that tensors view.
/// Identity matters (views share it), so it is a class; its contents are mutated only by the
/// op that allocated it, before the resulting tensor is returned.
public final class TensorStorage: @unchecked Sendable {
    /// The element type of every element.
    public let dtype: DType
    /// How many elements the block holds.
    public let count: Int
    let raw: UnsafeMutableRawPointer

    /// Uninitialised storage for `count` elements; the caller writes every element.
    init(uninitializedCount count: Int, dtype: DType) {
        self.dtype = dtype
        self.count = count
        raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * dtype.byteCount, alignment: 64)
    }

    /// Zero-filled storage.
    convenience init(zeros count: Int, dtype: DType) {
        self.init(uninitializedCount: count, dtype: dtype)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: count * dtype.byteCount)
    }

    deinit { raw.deallocate() }

    @inline(__always)
    func pointer<T: TensorScalar>(as _: T.Type) -> UnsafeMutablePointer<T> {
        precondition(T.dtype == dtype, "storage holds \(dtype), read as \(T.dtype)")
        return raw.assumingMemoryBound(to: T.self)
    }
}
