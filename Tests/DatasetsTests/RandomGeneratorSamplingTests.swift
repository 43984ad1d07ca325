import TensorEngine
import Testing

@testable import Datasets

@Test func generatorIsReproducibleAndRestorable() throws {
    var a = RandomGenerator(seed: 42)
    var b = RandomGenerator(seed: 42)
    #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
    var restored = try RandomGenerator(state: a.state)
    #expect(restored.next() == a.next())
    #expect(throws: TensorError.self) { try RandomGenerator(state: [0, 0, 0, 0]) }
    var c = RandomGenerator(seed: 43)
    #expect(c.next() != RandomGenerator(seed: 42).state[0])
    #expect(RandomGenerator(seed: 1, stream: [0, 1]) != RandomGenerator(seed: 1, stream: [1, 0]))
}

/// The words and draws the data pipeline's own generator gave before it became TensorEngine's
/// `RandomGenerator`: seeded datasets, crops and batches stay what they were.
@Test func drawsMatchThePipelinesFormerGenerator() {
    var a = RandomGenerator(seed: 42)
    #expect(
        (0..<3).map { _ in a.next() } == [
            1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
        ])
    var streamed = RandomGenerator(seed: 7, stream: [3, 5])
    #expect(streamed.next() == 17_246_016_371_485_360_551)
    var c = RandomGenerator(seed: 11)
    #expect((0..<8).map { _ in c.integer(below: 10) } == [2, 0, 2, 4, 0, 3, 5, 9])
    #expect(c.nextUniform() == 0.6320019270005923)
    var values = Array(0..<10)
    c.shuffle(&values)
    #expect(values == [4, 7, 6, 3, 1, 8, 5, 9, 0, 2])
}

@Test func integersAreInRangeAndCoverIt() {
    var generator = RandomGenerator(seed: 5)
    var seen = Set<Int>()
    for _ in 0..<2000 {
        let value = generator.integer(in: 3...9)
        #expect((3...9).contains(value))
        seen.insert(value)
        let u = generator.uniform(-2, 3)
        #expect(u >= -2 && u < 3)
    }
    #expect(seen.count == 7)
    var values = Array(0..<50)
    generator.shuffle(&values)
    #expect(values.sorted() == Array(0..<50) && values != Array(0..<50))
}
