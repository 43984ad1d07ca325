import TensorEngine

/// The draws the data pipeline makes beyond TensorEngine's `nextUniform()`: streams for
/// parallel workers, ranges, unbiased integers and shuffles. Every one consumes the same
/// xoshiro256** words, so a seed gives the same images, crops and batches as before.
extension RandomGenerator {
    /// A generator for an independent stream derived from a seed and a path of indices
    /// (for example epoch and sample), so that parallel workers draw reproducibly.
    public init(seed: UInt64, stream: [UInt64]) {
        var mixed = seed
        for value in stream {
            var mixer = mixed ^ (value &* 0x9E37_79B9_7F4A_7C15)
            mixed = Self.splitMix64(&mixer)
        }
        self.init(seed: mixed)
    }

    /// A uniform double in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextUniform()
    }

    /// A uniform integer in `0..<bound` (Lemire's unbiased multiply-shift); 0 when `bound <= 1`.
    public mutating func integer(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A uniform integer in the closed range `low...high`.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + integer(below: range.upperBound - range.lowerBound + 1)
    }

    /// Shuffles `array` in place (Fisher–Yates, drawing with `integer(below:)`).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, integer(below: i + 1))
        }
    }

    // The SplitMix64 step that `init(seed:)` also expands its seed with.
    private static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
