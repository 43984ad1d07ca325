/// A pooling rule as a forward and backward kernel pair over contiguous planes, so that the
/// four pooling ops share one path (`Tensor.pooled`) and one dtype dispatch.
protocol PoolingKernel: Sendable {
    /// Pools the input planes `x` into the output planes `y`.
    func forward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>)
    /// Spreads the output gradient `dy` over the input gradient `dx`, writing all of `dx`.
    func backward<T: TensorScalar>(_ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>)
}

/// Window maxima; the backward pass reads the argmax the forward pass wrote.
struct MaxPoolKernel: PoolingKernel {
    let geometry: PoolGeometry
    let argmax: UncheckedSendable<IndexBuffer>

    func forward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>) {
        maxPool2dForward(x, y, argmax: argmax.value.base, geometry)
    }

    func backward<T: TensorScalar>(_ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>) {
        maxPool2dBackward(dy, argmax: argmax.value.base, dx, geometry)
    }
}

/// Window means, dividing by the padded or the clipped window size.
struct AveragePoolKernel: PoolingKernel {
    let geometry: PoolGeometry
    let countingPadding: Bool

    func forward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>) {
        avgPool2dForward(x, y, countingPadding: countingPadding, geometry)
    }

    func backward<T: TensorScalar>(_ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>) {
        avgPool2dBackward(dy, dx, countingPadding: countingPadding, geometry)
    }
}

/// Means over PyTorch's adaptive bins, from `height × width` planes to `outHeight × outWidth`.
struct AdaptiveAveragePoolKernel: PoolingKernel {
    let planes, height, width, outHeight, outWidth: Int

    func forward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>) {
        adaptiveAvgPool2dForward(
            x, y, planes: planes, height: height, width: width, outHeight: outHeight,
            outWidth: outWidth)
    }

    func backward<T: TensorScalar>(_ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>) {
        adaptiveAvgPool2dBackward(
            dy, dx, planes: planes, height: height, width: width, outHeight: outHeight,
            outWidth: outWidth)
    }
}

/// One mean per plane of `size` elements.
struct GlobalAveragePoolKernel: PoolingKernel {
    let planes, size: Int

    func forward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>) {
        globalAvgPoolForward(x, y, planes: planes, size: size)
    }

    func backward<T: TensorScalar>(_ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>) {
        globalAvgPoolBackward(dy, dx, planes: planes, size: size)
    }
}

/// One direction of a pooling kernel from `source` into `destination`, for `DType.dispatch`.
struct PoolingPass<Kernel: PoolingKernel>: ElementTypeGeneric {
    let kernel: Kernel
    let source: Tensor, destination: Tensor
    let backward: Bool

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        withExtendedLifetime(source) {
            let x = source.pointer(T.self)
            let y = destination.mutablePointer(T.self)
            if backward { kernel.backward(x, y) } else { kernel.forward(x, y) }
        }
    }
}
