import Datasets
import Foundation
import ScriptLanguage
import TensorEngine
import Testing

@testable import ScriptLibrary

/// `embed`, `evaluate(q, g)`, `neighbors`, `worst_queries`, `ranked`, `project` and `export` on
/// the procedural dataset, and every picture the bindings write decoded back.
@Suite struct EmbeddingBindingTests {
    /// A harness with a small procedural dataset as `data` and a seeded network as `net`.
    func harness(_ dir: String) -> ScriptHarness {
        let h = ScriptHarness()
        let setup = h.run(
            """
            synthetic("\(dir)/data/CUB_200_2011", classes: 6, per_class: 4, size: 32, seed: 2)
            data = dataset("CUB200", "\(dir)/data", size: 32)
            net = model("MobileNetV3_Small", classes: 3, seed: 1)
            """)
        #expect(setup.error == nil, "\(setup.error.map(\.description) ?? "")")
        return h
    }

    func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("airs-emb-\(UUID().uuidString)").path
    }

    /// The decoded picture at `path`, checked to be `width` wide (when given) and far from blank.
    func picture(_ path: String, width: Int? = nil, minimumColors: Int) throws -> Image {
        let image = try ImageCodec.decode(contentsOf: URL(fileURLWithPath: path))
        if let width { #expect(image.width == width, "\(path)") }
        var colors = Set<[UInt8]>()
        for i in stride(from: 0, to: image.pixels.count, by: image.channels) {
            colors.insert(Array(image.pixels[i..<(i + 3)]))
        }
        #expect(colors.count >= minimumColors, "\(path): only \(colors.count) colours")
        return image
    }

    @Test func embedEvaluateAndLookAtTheResult() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = harness(dir)
        #expect(h.run("g = embed(net, data)\nq = embed(net, data.query, size: 32)").error == nil)
        #expect(h.show("g.shape") == "[12, 512]")
        #expect(h.show("len(g.labels) == len(g) and g.labels == data.gallery.labels") == "true")
        #expect(h.show("g").contains("MobileNetV3_Small on CUB200 gallery at 32x32, 3 classes"))
        #expect(
            h.show("abs(g[0] - net(data.gallery[0][0].reshape([1, 3, 32, 32])).retrieval[0]).max() < 1e-4") == "true")
        let table = h.show("r = evaluate(q, g)\nr")
        #expect(table.contains("| mAP") && table.contains("R@10") && table.contains("|      12 |"))
        #expect(h.show("0 <= r.mAP and r.mAP <= 1 and r.R1 <= r.R5 and r.R5 <= r.R10") == "true")
        #expect(h.show("len(worst_queries(r, 3))") == "3")
        #expect(h.show("w = worst_queries(r, 1)[0]\nw[\"ap\"] <= r.mAP") == "true")
        let near = h.show("neighbors(g, 0, 3)")
        #expect(near.hasPrefix("[[") && !near.hasPrefix("[[0,"))
        let npy = dir + "/out/g.npy"
        #expect(h.show("export(g, \"\(npy)\")") == npy)
        #expect(h.show("load(\"\(npy)\").shape") == "[12, 512]")
        #expect(h.show("abs(load(\"\(npy)\") - g.features).max()") == "0")
        #expect(h.show("load(\"\(dir)/out/g.labels.npy\").tolist() == g.labels") == "true")
    }

    /// `export(emb, "x.npy")`: features as float32 in x.npy, labels as int64 in x.labels.npy,
    /// both read back byte by byte as NumPy lays them out.
    @Test func exportWritesFeaturesAndInt64Labels() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = ScriptHarness()
        let labels = [3, -2, 1 << 40]
        let records = labels.enumerated().map { ImageRecord(path: "/img/\($0.offset).png", pid: $0.element, camid: 0) }
        let features: [Float] = [0.5, -1.25, 3, Float.leastNormalMagnitude / 4, 7, -0.0]
        h.interpreter.setVariable(
            "e",
            .host(
                EmbeddingsValue(
                    features: try Tensor(shape: [3, 2], scalars: features), records: records, origin: "test")))
        #expect(h.show("export(e, \"\(dir)/emb.npy\")") == "\(dir)/emb.npy")

        let (featureHeader, featureData) = try npy("\(dir)/emb.npy")
        #expect(
            featureHeader.contains("'descr': '<f4'") && featureHeader.contains("'shape': (3, 2)"), "\(featureHeader)")
        let floats = stride(from: 0, to: featureData.count, by: 4).map { i in
            Float(
                bitPattern: featureData[i..<(i + 4)].enumerated().reduce(UInt32(0)) {
                    $0 | UInt32($1.element) << (8 * $1.offset)
                })
        }
        #expect(floats.map(\.bitPattern) == features.map(\.bitPattern))

        let (labelHeader, labelData) = try npy("\(dir)/emb.labels.npy")
        #expect(labelHeader.contains("'descr': '<i8'") && labelHeader.contains("'shape': (3,)"), "\(labelHeader)")
        let integers = stride(from: 0, to: labelData.count, by: 8).map { i in
            Int(
                Int64(
                    bitPattern: labelData[i..<(i + 8)].enumerated().reduce(UInt64(0)) {
                        $0 | UInt64($1.element) << (8 * $1.offset)
                    }))
        }
        #expect(integers == labels)

        // A path without .npy still gets its labels beside it; a plain tensor gets no labels file.
        #expect(h.show("export(e, \"\(dir)/raw\")") == "\(dir)/raw")
        #expect(FileManager.default.fileExists(atPath: "\(dir)/raw.labels.npy"))
        #expect(h.show("export(e.features, \"\(dir)/plain.npy\")") == "\(dir)/plain.npy")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/plain.labels.npy"))
    }

    /// The header text and the data bytes of the version-1 `.npy` file at `path`.
    func npy(_ path: String) throws -> (header: String, data: [UInt8]) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count > 10 && Array(bytes[0..<8]) == [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], "\(path)")
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + length) % 64 == 0, "data 64-byte aligned")
        return (String(decoding: bytes[10..<(10 + length)], as: UTF8.self), Array(bytes[(10 + length)...]))
    }

    @Test func everyPictureIsARealImage() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = harness(dir)
        let source = """
            g = embed(net, data)
            r = evaluate(embed(net, data, split: "query"), g)
            show(data, 8, to: "\(dir)/pics/sheet.png", columns: 4)
            plot({"loss": [3, 2, 1.5, 1.2, 1.1], "loss_kd": [1, 0.8, 0.7, 0.65, 0.6]}, to: "\(dir)/pics/losses.png")
            ranked(r, query: 0, k: 5, to: "\(dir)/pics/ranked.png")
            project(g, to: "\(dir)/pics/pca.png")
            """
        let result = h.run(source)
        #expect(result.error == nil, "\(result.error.map(\.description) ?? "")")
        // 8 images of 32 pixels enlarged to 64, 4 to a row: 2 rows with a label line each.
        let sheet = try picture("\(dir)/pics/sheet.png", width: 4 * 72, minimumColors: 100)
        #expect(sheet.height == 2 * (64 + 8 + BitmapFont.height + 6))
        let chart = try picture("\(dir)/pics/losses.png", width: 800, minimumColors: 4)
        #expect(chart.height == 480)
        let strip = try picture("\(dir)/pics/ranked.png", minimumColors: 100)
        #expect(strip.width > 6 * 96 && strip.height > 96)
        // Hits are framed green, misses red: at least one of the two appears.
        let framed = stride(from: 0, to: strip.pixels.count, by: 3).contains { i in
            let rgb = (strip.pixels[i], strip.pixels[i + 1], strip.pixels[i + 2])
            return rgb == RankedStrip.hit || rgb == RankedStrip.miss
        }
        #expect(framed)
        let pca = try picture("\(dir)/pics/pca.png", minimumColors: 6)
        #expect(pca.width == 760 && pca.height == 640)
        #expect(pca.pixels.contains(180), "class colours drawn")
        if let keep = ProcessInfo.processInfo.environment["AIRS_KEEP_PICTURES"] {
            for name in ["sheet", "losses", "ranked", "pca"] {
                try? FileManager.default.copyItem(atPath: "\(dir)/pics/\(name).png", toPath: "\(keep)/\(name).png")
            }
        }
    }

    @Test func badInputNamesTheThing() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = harness(dir)
        h.run("g = embed(net, data)")
        let typo = try #require(h.run("embedd(net, data)").error)
        #expect(typo.kind == .name && typo.hint?.contains("embed") == true)
        let split = try #require(h.run("embed(net, data, split: \"galery\")").error)
        #expect(split.message.contains("'galery'"))
        let wrongType = try #require(h.run("embed(data, net)").error)
        #expect(wrongType.kind == .type && wrongType.message.contains("'model'"))
        let alone = try #require(h.run("evaluate(g)").error)
        #expect(alone.message.contains("gallery"))
        #expect(h.run("evaluate(g, 3)").error?.message.contains("'gallery'") == true)
        #expect(h.run("project(g.features, to: \"\(dir)/p.png\")").error?.message.contains("labels") == true)
        let missing = try #require(h.run("dataset(\"CUB200\", \"\(dir)/nowhere\")").error)
        #expect(missing.message.contains("\(dir)/nowhere"))
        let file = try #require(h.run("show(data, 2, to: \"\(dir)/data\")").error)
        #expect(file.message.contains("\(dir)/data"))
    }
}
