import TensorEngine

/// The Swift twin of `CKernels`' bf16 arithmetic: rounding to bf16 (round to nearest, ties to
/// even, as `vcvtneps2bf16` does on normal numbers) and products of rounded values summed in
/// float64, so only the kernel's fp32 summation order separates the two.
enum BF16Reference {
    /// `value` rounded to the nearest bf16, returned as the fp32 it denotes.
    static func round(_ value: Float) -> Float {
        let bits = value.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return Float(bitPattern: rounded & 0xFFFF_0000)
    }

    /// `tensor` with every element rounded to bf16.
    static func round(_ tensor: Tensor) throws -> Tensor {
        try Tensor(shape: tensor.shape, scalars: tensor.scalars.map { round($0) })
    }

    /// `[m, n] = round(a) · round(b)` for row-major `a [m, k]` and `b [k, n]`, summed in float64.
    static func product(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for p in 0..<k {
                let x = Double(round(a[i * k + p]))
                for j in 0..<n { c[i * n + j] += x * Double(round(b[p * n + j])) }
            }
        }
        return c
    }
}
