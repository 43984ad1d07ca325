import Testing
@testable import Datasets

@Test func generatorIsReproducibleAndRestorable() throws {
    var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
    #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
    var restored = try SeededGenerator(state: a.state)
    #expect(restored.next() == a.next())
    #expect(throws: DatasetError.self) { try SeededGenerator(state: [0, 0, 0, 0]) }
    var c = SeededGenerator(seed: 43)
    #expect(c.next() != SeededGenerator(seed: 42).state[0])
    #expect(SeededGenerator(seed: 1, stream: [0, 1]) != SeededGenerator(seed: 1, stream: [1, 0]))
}

@Test func integersAreInRangeAndCoverIt() {
    var generator = SeededGenerator(seed: 5)
    var seen = Set<Int>()
    for _ in 0..<2000 {
        let value = generator.integer(in: 3...9)
        #expect((3...9).contains(value))
        seen.insert(value)
        let u = generator.uniform()
        #expect(u >= 0 && u < 1)
    }
    #expect(seen.count == 7)
    var values = Array(0..<50)
    generator.shuffle(&values)
    #expect(values.sorted() == Array(0..<50) && values != Array(0..<50))
}
