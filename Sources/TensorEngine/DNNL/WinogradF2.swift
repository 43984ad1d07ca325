/// The transforms of Winograd F(2, 3) (Lavin and Gray, "Fast Algorithms for Convolutional
/// Neural Networks", 2016) and their adjoints, for `DNNLWinogradF2Convolution`:
/// `Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]`, `G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]`,
/// `Aᵀ = [1 1 1 0; 0 1 -1 -1]`. Each is a 1-D `WinogradLine`; a tile's 2-D transform applies
/// it down the columns, then along the rows, on 16 tiles at once (`Lanes`).
enum WinogradF2 {
    /// `Bᵀ·d`: an input tile's 4 points.
    enum Input: WinogradLine {
        static let inputs = 4, outputs = 4
        @inline(__always)
        static func apply(_ x: UnsafePointer<Lanes>, _ xs: Int, _ y: UnsafeMutablePointer<Lanes>, _ ys: Int) {
            let (d0, d1, d2, d3) = (x[0], x[xs], x[2 * xs], x[3 * xs])
            y[0] = d0 - d2
            y[ys] = d1 + d2
            y[2 * ys] = d2 - d1
            y[3 * ys] = d1 - d3
        }
    }

    /// `B·v`: the input transform's adjoint, for the input gradient.
    enum InputAdjoint: WinogradLine {
        static let inputs = 4, outputs = 4
        @inline(__always)
        static func apply(_ x: UnsafePointer<Lanes>, _ xs: Int, _ y: UnsafeMutablePointer<Lanes>, _ ys: Int) {
            let (v0, v1, v2, v3) = (x[0], x[xs], x[2 * xs], x[3 * xs])
            y[0] = v0
            y[ys] = v1 - v2 + v3
            y[2 * ys] = v1 + v2 - v0
            y[3 * ys] = -v3
        }
    }

    /// `G·k`: a kernel row or column of 3 taps to 4 points.
    enum Kernel: WinogradLine {
        static let inputs = 3, outputs = 4
        @inline(__always)
        static func apply(_ x: UnsafePointer<Lanes>, _ xs: Int, _ y: UnsafeMutablePointer<Lanes>, _ ys: Int) {
            let (k0, k1, k2) = (x[0], x[xs], x[2 * xs])
            y[0] = k0
            y[ys] = (k0 + k1 + k2) * 0.5
            y[2 * ys] = (k0 - k1 + k2) * 0.5
            y[3 * ys] = k2
        }
    }

    /// `Gᵀ·u`: the kernel transform's adjoint, for the weight gradient.
    enum KernelAdjoint: WinogradLine {
        static let inputs = 4, outputs = 3
        @inline(__always)
        static func apply(_ x: UnsafePointer<Lanes>, _ xs: Int, _ y: UnsafeMutablePointer<Lanes>, _ ys: Int) {
            let (u0, u1, u2, u3) = (x[0], x[xs], x[2 * xs], x[3 * xs])
            y[0] = u0 + (u1 + u2) * 0.5
            y[ys] = (u1 - u2) * 0.5
            y[2 * ys] = (u1 + u2) * 0.5 + u3
        }
    }

    /// `Aᵀ·m`: 4 products to a 2-pixel output.
    enum Output: WinogradLine {
        static let inputs = 4, outputs = 2
        @inline(__always)
        static func apply(_ x: UnsafePointer<Lanes>, _ xs: Int, _ y: UnsafeMutablePointer<Lanes>, _ ys: Int) {
            let (m0, m1, m2, m3) = (x[0], x[xs], x[2 * xs], x[3 * xs])
            y[0] = m0 + m1 + m2
            y[ys] = m1 - m2 - m3
        }
    }

    /// `A·z`: the output transform's adjoint, for the output gradient.
    enum OutputAdjoint: WinogradLine {
        static let inputs = 2, outputs = 4
        @inline(__always)
        static func apply(_ x: UnsafePointer<Lanes>, _ xs: Int, _ y: UnsafeMutablePointer<Lanes>, _ ys: Int) {
            let (z0, z1) = (x[0], x[xs])
            y[0] = z0
            y[ys] = z0 + z1
            y[2 * ys] = z0 - z1
            y[3 * ys] = -z1
        }
    }

    /// `y = L·x·Lᵀ` for a dense `[L.inputs, L.inputs]` tile `x` and a dense `[L.outputs,
    /// L.outputs]` tile `y`; `scratch` holds 16 lanes.
    @inline(__always)
    static func transform<L: WinogradLine>(
        _: L.Type, _ x: UnsafePointer<Lanes>, _ y: UnsafeMutablePointer<Lanes>, scratch: UnsafeMutablePointer<Lanes>
    ) {
        // scratch is [L.outputs, L.inputs]: the columns transformed.
        for column in 0..<L.inputs { L.apply(x + column, L.inputs, scratch + column, L.inputs) }
        for row in 0..<L.outputs { L.apply(scratch + row * L.inputs, 1, y + row * L.outputs, 1) }
    }
}

/// 16 tiles transformed at once, one a lane, so that the Winograd-domain side of every
/// transform is read and written a whole cache line at a time.
typealias Lanes = SIMD16<Float>

/// A 1-D transform of Winograd F(2, 3) from `inputs` to `outputs` points, each read and
/// written at a stride, on 16 tiles at once.
protocol WinogradLine {
    static var inputs: Int { get }
    static var outputs: Int { get }
    static func apply(_ x: UnsafePointer<Lanes>, _ xs: Int, _ y: UnsafeMutablePointer<Lanes>, _ ys: Int)
}
