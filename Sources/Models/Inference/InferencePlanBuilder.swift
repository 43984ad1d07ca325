import TensorEngine

/// Lowers a network layer by layer into an `InferencePlan`: each call appends the steps of
/// one layer and returns the memory holding its output. Buffers are recycled: a value the
/// caller `release`s lends its buffer to later layers.
struct InferencePlanBuilder {
    let inputShape: [Int]
    /// The images, plain fp32 (rebound to each batch's tensor).
    let input: DNNLMemory
    private var steps: [() throws -> Void] = []
    private var buffers: [PlanBuffer] = []
    private var free: [PlanBuffer] = []
    private var lent: [ObjectIdentifier: PlanBuffer] = [:]
    private let stages = StageMaps()

    /// A builder for images of `inputShape` `[batch, 3, height, width]`.
    init(inputShape: [Int]) throws {
        self.inputShape = inputShape
        let descriptor = try DNNLMemoryDescriptor(shape: inputShape, dataType: .f32, layout: .plain)
        let placeholder = PlanBuffer(byteCount: 64)
        input = try DNNLMemory(descriptor, borrowing: placeholder.pointer)
        buffers.append(placeholder)
    }

    /// The finished plan.
    func plan() -> InferencePlan {
        InferencePlan(inputShape: inputShape, input: input, steps: steps, stages: stages, buffers: buffers)
    }

    /// A memory of `descriptor` over a free buffer (or a new one).
    mutating func memory(_ descriptor: DNNLMemoryDescriptor) throws -> DNNLMemory {
        let size = descriptor.byteCount
        let buffer: PlanBuffer
        if let index = free.firstIndex(where: { $0.byteCount >= size }) {
            buffer = free.remove(at: index)
        } else {
            buffer = PlanBuffer(byteCount: size)
            buffers.append(buffer)
        }
        let memory = try DNNLMemory(descriptor, borrowing: buffer.pointer)
        lent[ObjectIdentifier(memory)] = buffer
        return memory
    }

    /// Gives `memory`'s buffer to later layers: no step after this point reads `memory`.
    mutating func release(_ memory: DNNLMemory) {
        guard let buffer = lent.removeValue(forKey: ObjectIdentifier(memory)) else { return }
        free.append(buffer)
    }

    /// `value` in `descriptor`'s layout and type: itself, or a reordered copy.
    mutating func reordered(_ value: DNNLMemory, to descriptor: DNNLMemoryDescriptor) throws -> DNNLMemory {
        guard value.descriptor != descriptor else { return value }
        let copy = try memory(descriptor)
        let primitive = try DNNLPrimitiveCache.primitive(DNNLReorder(from: value.descriptor, to: descriptor))
        steps.append { try primitive.execute([.source: value, .destination: copy]) }
        return copy
    }

    /// `relu?(conv(x) + residual)` with weights, input and output in `type` (bf16: fp32 sums,
    /// rounded once at the end). The sum is made in the residual's buffer when it has the
    /// output's layout and `residualDies`.
    mutating func convolution(
        _ x: DNNLMemory, _ conv: FoldedConvolution, type: DNNLDataType, relu: Bool, residual: DNNLMemory? = nil,
        residualDies: Bool = false
    ) throws -> DNNLMemory {
        let shape = x.descriptor.shape
        let w = conv.weight.shape
        let size = DNNLConvolution.outputSize(
            input: (shape[2], shape[3]), kernel: (w[2], w[3]), stride: conv.stride, padding: conv.padding,
            dilation: conv.dilation)
        var postOps = DNNLPostOps()
        if residual != nil { postOps.operations.append(.sum(scale: 1)) }
        if relu { postOps.operations.append(.relu) }
        let primitive = try DNNLPrimitiveCache.primitive(
            DNNLConvolution(
                source: DNNLMemoryDescriptor(shape: shape, dataType: type, layout: .any),
                weights: DNNLMemoryDescriptor(shape: w, dataType: type, layout: .any),
                bias: DNNLMemoryDescriptor(shape: [w[0]], dataType: .f32, layout: .plain),
                destination: DNNLMemoryDescriptor(
                    shape: [shape[0], w[0], size.height, size.width], dataType: type, layout: .any),
                stride: conv.stride, padding: conv.padding, dilation: conv.dilation, postOps: postOps))
        let source = try reordered(x, to: primitive.descriptor(of: .source))
        let target = primitive.descriptor(of: .destination)
        let destination: DNNLMemory
        if let residual, residualDies, residual.descriptor == target {
            destination = residual
        } else {
            destination = try memory(target)
            if let residual {
                let copy = try DNNLPrimitiveCache.primitive(DNNLReorder(from: residual.descriptor, to: target))
                steps.append { try copy.execute([.source: residual, .destination: destination]) }
                if residualDies { release(residual) }
            }
        }
        let arguments: [DNNLPrimitive.Argument: DNNLMemory] = [
            .source: source, .weights: try conv.weights(primitive.descriptor(of: .weights)),
            .bias: try conv.biasMemory(), .destination: destination,
        ]
        steps.append { try primitive.execute(arguments) }
        if source !== x { release(source) }
        return destination
    }

    /// Max pooling of `x` in its own layout and type.
    mutating func maxPool(_ x: DNNLMemory, kernel: Int, stride: Int, padding: Int) throws -> DNNLMemory {
        let shape = x.descriptor.shape
        let size = DNNLConvolution.outputSize(
            input: (shape[2], shape[3]), kernel: (kernel, kernel), stride: stride, padding: padding)
        let primitive = try DNNLPrimitiveCache.primitive(
            DNNLPooling(
                .max, source: x.descriptor,
                destination: DNNLMemoryDescriptor(
                    shape: [shape[0], shape[1], size.height, size.width], dataType: x.descriptor.dataType, layout: .any),
                kernel: kernel, stride: stride, padding: padding))
        let destination = try memory(primitive.descriptor(of: .destination))
        steps.append { try primitive.execute([.source: x, .destination: destination]) }
        return destination
    }

    /// `body` applied to `x` by AIRS's own ops in fp32 (what oneDNN has no primitive for),
    /// the result written back in `x`'s layout and type.
    mutating func host(_ x: DNNLMemory, _ body: @escaping (Tensor) throws -> Tensor) throws -> DNNLMemory {
        let destination = try memory(x.descriptor)
        steps.append {
            let result = try body(Tensor(x))
            try DNNLReorder.run(from: DNNLMemory(tensor: result), to: destination)
        }
        return destination
    }

    /// Collects `x` as the next stage map (fp32, AIRS's layout) after each run that asks for it.
    mutating func emitStage(_ x: DNNLMemory) {
        let (stages, index) = (self.stages, self.stages.count)
        stages.count += 1
        steps.append { if stages.collects(index) { stages.maps.append(try Tensor(x)) } }
    }
}
