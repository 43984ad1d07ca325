import Foundation

/// A seeded xoshiro256** generator: fast, statistically sound, and with a state of four
/// words that checkpoints store so that a resumed run draws the same numbers.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
    /// The full state; restore it with `init(state:)`.
    public private(set) var state: [UInt64]

    /// A generator whose sequence depends only on `seed` (expanded with SplitMix64).
    public init(seed: UInt64) {
        var mixer = seed
        func splitMix() -> UInt64 {
            mixer &+= 0x9E37_79B9_7F4A_7C15
            var z = mixer
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = [splitMix(), splitMix(), splitMix(), splitMix()]
    }

    /// Continues from a state saved earlier.
    public init(state: [UInt64]) throws {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            throw TensorError.invalidArgument(
                op: "RandomGenerator(state:)", message: "a state is four words, not all zero; got \(state)")
        }
        self.state = state
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotate(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotate(state[3], 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal sample (Box–Muller; one draw per call keeps the stream simple to resume).
    public mutating func nextNormal() -> Double {
        var u = nextUniform()
        while u <= .leastNormalMagnitude { u = nextUniform() }
        let v = nextUniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension Tensor {
    /// Samples from `N(mean, std²)`.
    public static func randomNormal(
        _ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) -> Tensor {
        let result = Tensor.empty(shape, dtype: dtype)
        for i in 0..<result.count { result.setElement(at: i, to: mean + std * generator.nextNormal()) }
        return result
    }

    /// Samples uniformly from `[lower, upper)`.
    public static func randomUniform(
        _ shape: [Int], lower: Double = 0, upper: Double = 1, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) -> Tensor {
        let result = Tensor.empty(shape, dtype: dtype)
        for i in 0..<result.count { result.setElement(at: i, to: lower + (upper - lower) * generator.nextUniform()) }
        return result
    }

    /// 1 with probability `probability`, else 0.
    public static func randomBernoulli(
        _ shape: [Int], probability: Double, dtype: DType = .float32,
        using generator: inout RandomGenerator
    ) -> Tensor {
        let result = Tensor.empty(shape, dtype: dtype)
        for i in 0..<result.count { result.setElement(at: i, to: generator.nextUniform() < probability ? 1 : 0) }
        return result
    }

    /// A uniformly random permutation of `0..<count` (Fisher–Yates).
    public static func randomPermutation(_ count: Int, using generator: inout RandomGenerator) -> [Int] {
        var values = Array(0..<count)
        guard count > 1 else { return values }
        for i in stride(from: count - 1, to: 0, by: -1) {
            values.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        return values
    }
}
