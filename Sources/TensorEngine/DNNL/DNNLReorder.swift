import CDNNL

/// A copy between two layouts or types of the same logical tensor (`nchw` f32 → `nChw16c`
/// bf16 and back, weights into the layout a convolution chose).
public struct DNNLReorder: DNNLPrimitiveKey {
    public var source: DNNLMemoryDescriptor
    public var destination: DNNLMemoryDescriptor

    /// A reorder from `source` to `destination` (same shape).
    public init(from source: DNNLMemoryDescriptor, to destination: DNNLMemoryDescriptor) {
        self.source = source
        self.destination = destination
    }

    public func makePrimitive() throws -> DNNLPrimitive {
        let engine = try DNNLEngine.shared()
        return try DNNLPrimitive(name: "reorder \(source.shape)") { descriptor in
            withUnsafePointer(to: source.raw) { src in
                withUnsafePointer(to: destination.raw) { dst in
                    dnnl_reorder_primitive_desc_create(&descriptor, src, engine.engine, dst, engine.engine, nil)
                }
            }
        }
    }

    /// Copies `source` into `destination`, converting layout and type.
    /// - Throws: `TensorError.dnnlFailure` if oneDNN cannot reorder between the two.
    public static func run(from source: DNNLMemory, to destination: DNNLMemory) throws {
        let primitive = try DNNLPrimitiveCache.primitive(
            DNNLReorder(from: source.descriptor, to: destination.descriptor))
        try primitive.execute([.source: source, .destination: destination])
    }
}
