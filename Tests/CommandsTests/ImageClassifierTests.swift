import Commands
import Datasets
import Foundation
import TestSupport
import Testing

/// The real-world check: torchvision's ImageNet MobileNetV2 weights, read from the legacy `.pth`,
/// loaded strictly, classify the golden photographs exactly as PyTorch does.
@Test(.enabled(if: PretrainedFiles.isAvailable, PretrainedFiles.skipReason))
func pretrainedMobileNetV2MatchesPyTorch() throws {
    let records = try PretrainedFiles.records()
    #expect(!records.isEmpty)
    let classifier = try ImageClassifier(model: "mobilenet_v2", weights: PretrainedFiles.weights)
    for (file, golden) in records {
        let image = try ImageCodec.decode(contentsOf: goldenDirectory().appendingPathComponent(golden.image))
        let input = try classifier.transform.apply(image).unsqueezed(0)
        #expect(input.shape == golden.input.shape, "\(file)")
        // Bit-exact preprocessing gives the same float32 values, so only summation order differs.
        let sum = input.scalars.reduce(0.0) { $0 + Double($1) }
        #expect(
            abs(sum - golden.input.sum) <= 1e-6 * abs(golden.input.sum),
            "\(file): input sum \(sum) vs \(golden.input.sum)")
        #expect(Array(input.scalars.prefix(golden.input.first.count)) == golden.input.first, "\(file)")

        let logits = try classifier.logits(for: image)
        #expect(logits.count == golden.logits.data.count, "\(file)")
        let worst = zip(logits, golden.logits.data).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-4, "\(file): max |Δlogit| = \(worst)")

        let top = ImageClassifier.ranked(logits, top: golden.top5.count)
        #expect(top.map(\.index) == golden.top5.map(\.index), "\(file)")
        #expect(top.map(\.name) == golden.top5.map(\.category), "\(file)")
        for (mine, theirs) in zip(top, golden.top5) {
            #expect(abs(mine.probability - theirs.probability) <= 1e-5, "\(file): class \(theirs.index)")
        }
    }
}

@Test func rankingSortsBySoftmaxAndNamesImageNetClasses() {
    var logits = [Float](repeating: 0, count: 1000)
    logits[967] = 3
    logits[504] = 2
    logits[10] = 2
    let top = ImageClassifier.ranked(logits, top: 3)
    #expect(top.map(\.index) == [967, 10, 504])
    #expect(top.map(\.name) == ["espresso", "brambling", "coffee mug"])
    let total = exp(3.0) + 2 * exp(2.0) + 997
    #expect(abs(top[0].probability - exp(3.0) / total) < 1e-12)
    #expect(ImageNetClassNames.all.count == 1000)

    let unnamed = ImageClassifier.ranked([1, 5, 3], top: 10)
    #expect(unnamed.map(\.index) == [1, 2, 0])
    #expect(unnamed.allSatisfy { $0.name == nil })
    #expect(abs(unnamed.map(\.probability).reduce(0, +) - 1) < 1e-12)
}

@Test func modelNamesMatchIgnoringCaseAndUnderscores() {
    #expect(ImageClassifier.registryName(for: "mobilenet_v2") == "MobileNetV2")
    #expect(ImageClassifier.registryName(for: "resnet50_ibn_a") == "ResNet50_ibn_a")
    #expect(ImageClassifier.registryName(for: "MobileNetV3_Small") == "MobileNetV3_Small")
    #expect(ImageClassifier.registryName(for: "vgg16") == "vgg16")
}
