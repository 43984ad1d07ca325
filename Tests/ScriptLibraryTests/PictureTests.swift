import Datasets
import Foundation
import TensorEngine
import Testing

@testable import ScriptLibrary

/// Projections separate clusters; scatter plots and ranked strips are real, colourful images.
@Suite struct PictureTests {
    func distinctColors(_ image: Image) -> Int {
        var colors = Set<[UInt8]>()
        for i in stride(from: 0, to: image.pixels.count, by: image.channels) {
            colors.insert(Array(image.pixels[i..<(i + 3)]))
        }
        return colors.count
    }

    @Test func principalComponentsFindTheSpreadAxis() throws {
        // Points along (1, 1, 0) with small noise in the other directions.
        var generator = RandomGenerator(seed: 5)
        let t = Tensor.randomNormal([50, 1], std: 3, using: &generator)
        let noise = Tensor.randomNormal([50, 3], std: 0.05, using: &generator)
        let points = try t.matmul(Tensor(shape: [1, 3], scalars: [1, 1, 0])) + noise
        let projected = try Projection.principalComponents(points)
        let first = projected.map(\.0)
        let second = projected.map(\.1)
        let variance = { (v: [Double]) in v.map { $0 * $0 }.reduce(0, +) / Double(v.count) }
        #expect(variance(first) > 100 * variance(second))
        #expect(throws: TensorError.self) { try Projection.principalComponents(Tensor.zeros([0, 3])) }
    }

    @Test func scatterAndStripAreRealImages() throws {
        let scatter = ScatterPlot(
            points: (0..<30).map { (Double($0 % 7), Double($0 / 7)) }, classes: (0..<30).map { $0 % 3 }, title: "emb")
        let image = scatter.image(width: 300, height: 300)
        #expect(image.width == 300 && distinctColors(image) >= 4)
        var tile = Image(width: 20, height: 20)
        tile.pixels = [UInt8](repeating: 128, count: tile.pixels.count)
        let strip = RankedStrip(
            query: .init(image: tile, caption: ["query"], isHit: nil),
            results: [
                .init(image: tile, caption: ["1"], isHit: true), .init(image: tile, caption: ["2"], isHit: false),
            ],
            tile: 32
        ).image()
        #expect(strip.height > 32 && strip.width > 3 * 32)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-strip-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try ImageCodec.write(strip, to: url)
        let decoded = try ImageCodec.decode(contentsOf: url)
        #expect(decoded.pixels.contains(170) && distinctColors(decoded) >= 4)
    }
}
