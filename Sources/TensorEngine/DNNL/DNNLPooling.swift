import CDNNL

/// A forward (inference) max or average pooling over square windows.
public struct DNNLPooling: DNNLPrimitiveKey {
    /// The reduction over a window.
    public enum Kind: Hashable, Sendable {
        /// The largest element.
        case max
        /// The mean of the window's elements inside the input (padding excluded).
        case average
    }

    public var kind: Kind
    public var source: DNNLMemoryDescriptor
    public var destination: DNNLMemoryDescriptor
    public var kernel: Int
    public var stride: Int
    public var padding: Int

    /// Pooling `source` into `destination` with a `kernel`×`kernel` window.
    public init(
        _ kind: Kind, source: DNNLMemoryDescriptor, destination: DNNLMemoryDescriptor, kernel: Int, stride: Int,
        padding: Int
    ) {
        self.kind = kind
        self.source = source
        self.destination = destination
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    public func makePrimitive() throws -> DNNLPrimitive {
        let name = "pooling \(source.shape) → \(destination.shape)"
        let engine = try DNNLEngine.shared()
        var operation = dnnl_pooling_desc_t()
        let (k, s, p) = (
            [Int64(kernel), Int64(kernel)], [Int64(stride), Int64(stride)], [Int64(padding), Int64(padding)]
        )
        let status = withUnsafePointer(to: source.raw) { src in
            withUnsafePointer(to: destination.raw) { dst in
                dnnl_pooling_forward_desc_init(
                    &operation, dnnl_forward_inference, kind == .max ? dnnl_pooling_max : dnnl_pooling_avg, src, dst,
                    paddedDims(s), paddedDims(k), paddedDims(p), paddedDims(p))
            }
        }
        try check(status, name)
        return try DNNLPrimitive(name: name) { descriptor in
            withUnsafePointer(to: &operation) { dnnl_primitive_desc_create(&descriptor, $0, nil, engine.engine, nil) }
        }
    }
}
