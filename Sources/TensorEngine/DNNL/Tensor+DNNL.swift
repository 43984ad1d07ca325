extension DNNLMemory {
    /// A plain-layout f32 memory over `tensor`'s elements (a contiguous copy if it is a
    /// strided view), which it keeps alive. oneDNN must only read it unless the tensor was
    /// just created for the purpose.
    /// - Throws: `TensorError.dtypeMismatch` for a float64 tensor.
    public convenience init(tensor: Tensor) throws {
        guard tensor.dtype == .float32 else {
            throw TensorError.dtypeMismatch(op: "DNNLMemory(tensor:)", lhs: tensor.dtype, rhs: .float32)
        }
        let elements = tensor.detached().contiguous()
        let descriptor = try DNNLMemoryDescriptor(shape: elements.shape, dataType: .f32, layout: .plain)
        try self.init(
            descriptor, buffer: UnsafeMutableRawPointer(elements.mutablePointer(Float.self)), owned: false,
            keeper: elements.storage)
    }
}

extension Tensor {
    /// A float32 tensor of `memory`'s logical shape holding its elements, reordered out of a
    /// blocked layout and converted from bf16 as needed.
    /// - Throws: `TensorError.dnnlFailure` if oneDNN cannot reorder the memory.
    public init(_ memory: DNNLMemory) throws {
        let result = Tensor.empty(memory.descriptor.shape, dtype: .float32)
        try DNNLReorder.run(from: memory, to: DNNLMemory(tensor: result))
        self = result
    }
}
