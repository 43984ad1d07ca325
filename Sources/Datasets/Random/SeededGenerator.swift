/// A seeded xoshiro256** generator (state expanded from the seed with SplitMix64).
///
/// Every random choice in the data pipeline draws from one of these, so a run is reproducible;
/// `state` can be saved in a checkpoint and restored with `init(state:)`.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The four 64-bit words of xoshiro256** state.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator whose state is expanded from `seed` with SplitMix64.
    public init(seed: UInt64) {
        var mixer = seed
        s0 = SeededGenerator.splitMix64(&mixer)
        s1 = SeededGenerator.splitMix64(&mixer)
        s2 = SeededGenerator.splitMix64(&mixer)
        s3 = SeededGenerator.splitMix64(&mixer)
    }

    /// Restores a generator from a saved `state` (four words, not all zero).
    public init(state: [UInt64]) throws {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            throw DatasetError.invalidSettings(message: "a generator state is four 64-bit words, not all zero; got \(state)")
        }
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    /// A generator for an independent stream derived from a seed and a path of indices
    /// (for example epoch and sample), so that parallel workers draw reproducibly.
    public init(seed: UInt64, stream: [UInt64]) {
        var mixed = seed
        for value in stream {
            var mixer = mixed ^ (value &* 0x9E37_79B9_7F4A_7C15)
            mixed = SeededGenerator.splitMix64(&mixer)
        }
        self.init(seed: mixed)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
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

    /// Shuffles `array` in place (Fisher–Yates).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, integer(below: i + 1))
        }
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    private static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
