import Datasets
import Foundation
import Testing

@testable import ScriptLibrary

/// Charts render to real images and to braille text.
@Suite struct LineChartTests {
    let chart = LineChart(
        series: [
            .init(name: "loss_ce", values: (0..<40).map { 4.6 * exp(-Double($0) / 12) + 0.2 }),
            .init(name: "loss_kd", values: (0..<40).map { 1.5 + sin(Double($0) / 4) * 0.3 }),
        ], title: "losses", xLabel: "step")

    @Test func pngIsARealChart() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-chart-\(UUID()).png")
        defer { try? FileManager.default.removeItem(at: url) }
        try ImageCodec.write(chart.image(width: 640, height: 400), to: url)
        let decoded = try ImageCodec.decode(contentsOf: url)
        #expect(decoded.width == 640 && decoded.height == 400)
        var colors = Set<[UInt8]>()
        for i in stride(from: 0, to: decoded.pixels.count, by: 3) { colors.insert(Array(decoded.pixels[i..<(i + 3)])) }
        #expect(colors.count >= 5, "background, axes, grid and two series colours")
        #expect(colors.contains([31, 119, 180]) && colors.contains([255, 127, 14]))
        if let keep = ProcessInfo.processInfo.environment["AIRS_KEEP_CHART"] {
            try ImageCodec.write(chart.image(width: 640, height: 400), to: URL(fileURLWithPath: keep))
        }
    }

    @Test func terminalChartHasAxesAndLegend() {
        let text = chart.terminal(columns: 40, rows: 8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1 + 8 + 3)
        #expect(lines[1].contains("4.8"))
        #expect(text.contains("[1] loss_ce") && text.contains("[2] loss_kd"))
        #expect(text.unicodeScalars.contains { $0.value > 0x2800 && $0.value <= 0x28FF })
    }

    @Test func emptyAndFlatSeriesDoNotTrap() throws {
        let flat = LineChart(
            series: [.init(name: "x", values: [1, 1, 1]), .init(name: "nan", values: [.nan])], title: "",
            xLabel: "epoch")
        #expect(!flat.terminal().isEmpty)
        #expect(flat.image(width: 200, height: 150).width == 200)
        #expect(!LineChart(series: [], title: "", xLabel: "").terminal().isEmpty)
    }
}
