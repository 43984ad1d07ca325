import TensorEngine
import TestSupport
import Testing

/// The elementwise kernels' layouts (flat, single element, per-channel rows, strided views,
/// split across workers) against an index-by-index reference.
@Suite struct BinaryKernelsTests {
    /// `f` over the broadcast of `a` and `b`, computed one output index at a time from the
    /// row-major elements.
    func reference(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) throws -> [Double] {
        let shape = try Shape.broadcast(a.shape, b.shape, op: "reference")
        let (x, y) = (a.doubles, b.doubles)
        func element(_ values: [Double], _ own: [Int], _ index: [Int]) -> Double {
            let pad = index.count - own.count
            var flat = 0
            for axis in 0..<own.count { flat = flat * own[axis] + (own[axis] == 1 ? 0 : index[axis + pad]) }
            return values[flat]
        }
        return (0..<Shape.count(shape)).map { linear in
            var index = [Int](repeating: 0, count: shape.count)
            var rest = linear
            for axis in stride(from: shape.count - 1, through: 0, by: -1) {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            return f(element(x, a.shape, index), element(y, b.shape, index))
        }
    }

    /// The same values as `t` in a non-contiguous view (its last two axes swapped twice over
    /// a transposed copy).
    func strided(_ t: Tensor) throws -> Tensor {
        guard t.rank >= 2 else { return t }
        let view = try t.transposed().contiguous().transposed()
        #expect(!view.isContiguous || t.shape[t.rank - 1] == 1 || t.shape[t.rank - 2] == 1)
        return view
    }

    let operations: [(String, (Tensor, Tensor) throws -> Tensor, (Double, Double) -> Double)] = [
        ("+", { try $0 + $1 }, { $0 + $1 }), ("-", { try $0 - $1 }, { $0 - $1 }),
        ("*", { try $0 * $1 }, { $0 * $1 }), ("/", { try $0 / $1 }, { $0 / $1 }),
        ("max", { try Tensor.maximum($0, $1) }, { Swift.max($0, $1) }),
        ("min", { try Tensor.minimum($0, $1) }, { Swift.min($0, $1) }),
    ]

    @Test(arguments: [[2, 3, 4, 5], [1], [], [3, 1, 1], [5], [4, 1], [2, 1, 4, 1]])
    func everyLayoutMatchesTheReference(otherShape: [Int]) throws {
        for dtype in DType.allCases {
            let a = randomTensor([2, 3, 4, 5], seed: 1).cast(to: dtype)
            let b = (try randomTensor(otherShape, seed: 2).abs() + 0.5).cast(to: dtype)
            for (name, op, f) in operations {
                for (x, y) in [(a, b), (try strided(a), try strided(b)), (b, a)] {
                    let result = try op(x, y)
                    let want = try reference(x, y, f)
                    let tolerance = dtype == .float32 ? 1e-6 : 1e-15
                    #expect(
                        maxRelativeDifference(result.doubles, want) <= tolerance,
                        "\(name) \(x.shape) \(y.shape) \(dtype)")
                }
            }
        }
    }

    /// Large enough to be split across workers, in the flat and the per-channel layouts.
    @Test func parallelSplitsMatchTheReference() throws {
        let a = randomTensor([4, 64, 32, 33], seed: 3).cast(to: .float32)
        let channel = randomTensor([64, 1, 1], seed: 4).cast(to: .float32)
        let same = randomTensor([4, 64, 32, 33], seed: 5).cast(to: .float32)
        let (x, c, y) = (a.doubles, channel.doubles, same.doubles)
        let perChannel = x.indices.map { Double(Float(x[$0]) * Float(c[($0 / (32 * 33)) % 64])) }
        #expect(maxRelativeDifference(try (a * channel).doubles, perChannel) <= 1e-6)
        #expect(
            maxRelativeDifference(try (a + same).doubles, x.indices.map { Double(Float(x[$0]) + Float(y[$0])) }) <= 1e-6
        )
        #expect(maxRelativeDifference(try (a * 3).doubles, x.map { Double(Float($0) * 3) }) <= 1e-6)
        #expect(
            maxRelativeDifference(
                try (strided(a) - same).doubles, x.indices.map { Double(Float(x[$0]) - Float(y[$0])) }) <= 1e-6)
    }

    @Test func reluKeepsNaNAndPassesTheGradientWhereTheOutputIsPositive() throws {
        let x = try Tensor(shape: [5], scalars: [-1, 0, 2, .nan, -0.5]).requiringGradient()
        let y = x.relu()
        let values = y.scalars
        #expect(values[0] == 0 && values[1] == 0 && values[2] == 2 && values[3].isNaN && values[4] == 0)
        try y.backward(seed: try Tensor(shape: [5], scalars: [1, 2, 3, 4, 5]))
        #expect(x.gradient?.scalars == [0, 0, 3, 0, 0])
    }

    @Test func reluGradientOfAStridedInput() throws {
        let a = randomTensor([3, 4], seed: 6)
        #expect(try gradientCheck([a]) { try $0[0].transposed().relu() * randomTensor([4, 3], seed: 7) } < 1e-6)
    }

    func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).map { abs($0 - $1) / Swift.max(1, abs($1)) }.max() ?? 0
    }
}
