import Foundation
import TensorEngine
import Testing

@testable import Datasets

/// Checks a float tensor against a golden record holding either `data` or a `summary`.
func expectMatches(_ tensor: Tensor, _ record: [String: Any], _ label: String) {
    #expect(tensor.shape == record.ints("shape"), "\(label) shape")
    let values = tensor.scalars
    let data = record.doubles("data")
    if !data.isEmpty {
        let mismatches = zip(values, data).filter { $0.0 != Float($0.1) }.count
        #expect(data.count == values.count && mismatches == 0, "\(label): \(mismatches) values differ")
        return
    }
    let summary = record.dict("summary")
    let first = summary.doubles("first")
    #expect(!first.isEmpty && zip(values, first).allSatisfy { $0.0 == Float($0.1) }, "\(label) first values")
    let indices = summary.ints("sample_indices")
    let sample = summary.doubles("sample")
    #expect(!indices.isEmpty && indices.count == sample.count, "\(label) sample present")
    for (index, expected) in zip(indices, sample) where values[index] != Float(expected) {
        Issue.record("\(label): element \(index) is \(values[index]), expected \(Float(expected))")
        break
    }
    let sum = values.reduce(0.0) { $0 + Double($1) }
    let sumSquares = values.reduce(0.0) { $0 + Double($1) * Double($1) }
    #expect(abs(sum - summary.double("sum")) <= 1e-6 * max(1, abs(sum)), "\(label) sum")
    #expect(abs(sumSquares - summary.double("sum_sq")) <= 1e-6 * sumSquares, "\(label) sum of squares")
}

@Test func resizeAndNormalizeMatchPillowAndTorchvision() throws {
    let cases = try GoldenFiles.objects(in: "transforms", kind: "transforms")
    #expect(!cases.isEmpty)
    for (name, object) in cases {
        let source = try ImageCodec.decode(
            contentsOf: GoldenFiles.root.appendingPathComponent(object.dict("png").string("file")))
        let normalization = Normalization(
            mean: object.doubles("mean").map(Float.init), std: object.doubles("std").map(Float.init))
        let sizes = object["sizes"] as? [[String: Any]] ?? []
        #expect(!sizes.isEmpty, "\(name) has sizes")
        for size in sizes {
            let hw = size.ints("size_hw")
            let label = "\(name) \(hw)"
            let resized = source.resized(height: hw[0], width: hw[1])
            expectMatches(resized, size.dict("resized_rgb"), label)
            expectMatches(normalization.tensor(resized), size.dict("test"), "\(label) test")
            let padded = resized.padded(by: size.int("padding"))
            expectMatches(normalization.tensor(padded), size.dict("train_padded"), "\(label) train_padded")
            var generator = RandomGenerator(seed: 1)
            let pipeline = ImageTransform(height: hw[0], width: hw[1], normalization: normalization)
            expectMatches(pipeline.apply(source, using: &generator), size.dict("test"), "\(label) pipeline")
        }
    }
}

@Test func resizeUpscalesAndKeepsUnchangedAxes() {
    var image = Image(width: 3, height: 2)
    for i in image.pixels.indices { image.pixels[i] = UInt8(i * 10) }
    #expect(image.resized(height: 2, width: 3) == image)
    let wide = image.resized(height: 2, width: 6)
    #expect(wide.width == 6 && wide.height == 2)
    // Upscaling by 2 with a triangle filter: the first output reads only the first input.
    #expect(wide[0, 0, 0] == image[0, 0, 0] && wide[1, 5, 2] == image[1, 2, 2])
}

@Test func geometryHelpers() throws {
    let image = try Image(width: 2, height: 2, channels: 1, pixels: [1, 2, 3, 4])
    #expect(image.flippedHorizontally().pixels == [2, 1, 4, 3])
    #expect(image.padded(by: 1).pixels == [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0])
    #expect(try image.padded(by: 1).cropped(top: 1, left: 0, height: 2, width: 2).pixels == [0, 1, 0, 3])
    #expect(throws: DatasetError.self) { try image.cropped(top: 1, left: 1, height: 2, width: 2) }
}

/// The fused train pipeline equals flip → pad → crop → normalise done step by step.
@Test func fusedTrainPipelineEqualsTheComposedSteps() throws {
    var source = Image(width: 40, height: 30)
    var generator = RandomGenerator(seed: 3)
    for i in source.pixels.indices { source.pixels[i] = UInt8(truncatingIfNeeded: generator.next()) }
    let transform = ImageTransform.train(height: 16, width: 12, padding: 2)
    for seed in 0..<20 as Range<UInt64> {
        var fused = RandomGenerator(seed: seed)
        var manual = RandomGenerator(seed: seed)
        let output = transform.apply(source, using: &fused)
        var step = source.resized(height: 16, width: 12)
        if manual.nextUniform() < 0.5 { step = step.flippedHorizontally() }
        let top = manual.integer(in: 0...4)
        let left = manual.integer(in: 0...4)
        step = try step.padded(by: 2).cropped(top: top, left: left, height: 16, width: 12)
        #expect(output.scalars == Normalization.imageNet.tensor(step).scalars)
        #expect(fused == manual)
    }
}

@Test func randomErasingFillsOneBoxWithTheMeanValues() {
    let erasing = RandomErasing(probability: 1)
    var buffer = [Float](repeating: 9, count: 3 * 20 * 10)
    var generator = RandomGenerator(seed: 11)
    let box = buffer.withUnsafeMutableBufferPointer {
        erasing.apply(to: $0, channels: 3, height: 20, width: 10, using: &generator)
    }
    guard let box else {
        Issue.record("probability 1 must erase")
        return
    }
    #expect(box.height < 20 && box.width < 10 && box.height * box.width > 0)
    for c in 0..<3 {
        let erased = (0..<200).filter { buffer[c * 200 + $0] != 9 }
        #expect(erased.count == box.height * box.width)
        #expect(erased.allSatisfy { buffer[c * 200 + $0] == [0.485, 0.456, 0.406][c] as Float })
    }
    var untouched = [Float](repeating: 9, count: 3 * 20 * 10)
    let none = untouched.withUnsafeMutableBufferPointer {
        RandomErasing(probability: 0).apply(to: $0, channels: 3, height: 20, width: 10, using: &generator)
    }
    #expect(none == nil && untouched.allSatisfy { $0 == 9 })
}

@Test func tensorsConvertBackToImages() throws {
    var image = Image(width: 5, height: 4)
    for i in image.pixels.indices { image.pixels[i] = UInt8(i * 4) }
    #expect(try Image(tensor: Normalization.imageNet.tensor(image), normalization: .imageNet) == image)
    #expect(throws: DatasetError.self) { try Image(tensor: Tensor.zeros([2, 4, 4])) }
}

/// The C resampling kernel and its Swift twin agree on every shape, channel count and ratio.
@Test func resampleKernelMatchesItsSwiftTwin() throws {
    var generator = RandomGenerator(seed: 21)
    for _ in 0..<30 {
        let width = generator.integer(in: 1...90)
        let height = generator.integer(in: 1...90)
        let channels = [1, 3, 4][generator.integer(below: 3)]
        let pixels = (0..<(width * height * channels)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let image = try Image(width: width, height: height, channels: channels, pixels: pixels)
        let outHeight = generator.integer(in: 1...120)
        let outWidth = generator.integer(in: 1...120)
        #expect(
            Resampler.resize(image, height: outHeight, width: outWidth)
                == Resampler.referenceResize(image, height: outHeight, width: outWidth),
            "\(width)x\(height)x\(channels) -> \(outWidth)x\(outHeight)")
    }
}

@Test func gridPlacesImagesInCells() throws {
    let white = try Image(width: 2, height: 1, channels: 1, pixels: [255, 255])
    let grey = try Image(width: 1, height: 2, channels: 3, pixels: [9, 9, 9, 9, 9, 9])
    let sheet = Image.grid([white, grey, white], columns: 2, spacing: 1)
    #expect(sheet.width == 5 && sheet.height == 5 && sheet.channels == 3)
    #expect(sheet[0, 0, 0] == 255 && sheet[0, 1, 2] == 255 && sheet[1, 0, 0] == 0)
    #expect(sheet[0, 3, 0] == 9 && sheet[1, 3, 1] == 9 && sheet[0, 4, 0] == 0)
    #expect(sheet[3, 0, 0] == 255 && sheet[3, 3, 0] == 0)
    #expect(Image.grid([], columns: 3).pixels.isEmpty)
}
