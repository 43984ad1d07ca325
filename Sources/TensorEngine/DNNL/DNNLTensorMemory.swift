/// A contiguous fp32 tensor seen by oneDNN in a layout a primitive chose: the tensor's own
/// buffer when that layout is the plain row-major one, otherwise a copy reordered into it
/// (or, for outputs, a buffer reordered back into the tensor by `finish()`).
struct DNNLTensorMemory {
    /// What the primitive reads or writes.
    let memory: DNNLMemory
    /// The tensor's own buffer (which it keeps alive).
    private let plain: DNNLMemory

    /// `tensor` as input in `layout` (reordered once here when `layout` is not plain).
    /// - Throws: `TensorError.dnnlFailure` if oneDNN refuses the layout or the reorder.
    static func reading(_ tensor: Tensor, as layout: DNNLMemoryDescriptor) throws -> DNNLTensorMemory {
        let view = try DNNLTensorMemory(tensor, layout)
        if view.memory !== view.plain { try DNNLReorder.run(from: view.plain, to: view.memory) }
        return view
    }

    /// `tensor` as an output in `layout`; call `finish()` once the primitive has run.
    /// - Throws: `TensorError.dnnlFailure` if oneDNN refuses the layout.
    static func writing(_ tensor: Tensor, as layout: DNNLMemoryDescriptor) throws -> DNNLTensorMemory {
        try DNNLTensorMemory(tensor, layout)
    }

    private init(_ tensor: Tensor, _ layout: DNNLMemoryDescriptor) throws {
        precondition(tensor.isContiguous, "an output must be the contiguous tensor oneDNN writes")
        plain = try DNNLMemory(tensor: tensor)
        memory = layout == plain.descriptor ? plain : try DNNLMemory(layout)
    }

    /// Copies an output written in another layout into the tensor.
    /// - Throws: `TensorError.dnnlFailure` if the reorder fails.
    func finish() throws {
        guard memory !== plain else { return }
        try DNNLReorder.run(from: memory, to: plain)
    }
}
