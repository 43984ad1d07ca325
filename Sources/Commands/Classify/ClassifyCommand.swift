import ArgumentParser
import Datasets
import Foundation

/// `airs classify --model NAME --weights FILE IMAGE [--top 5]` prints the best ImageNet classes
/// of one image: rank, class index, softmax probability, logit and class name.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify an image with pretrained ImageNet weights (e.g. torchvision's MobileNetV2 .pth).",
        discussion: """
            NAME is a model registry name, case and '_' ignored (mobilenet_v2 = MobileNetV2); FILE a \
            safetensors or PyTorch .pth state dict loaded strictly; IMAGE a JPEG or PNG. The image is \
            resized (shorter side 256), centre-cropped to 224 and ImageNet-normalised.
            """)

    @Option(help: "A model registry name, e.g. mobilenet_v2.")
    var model: String

    @Option(help: ArgumentHelp("The state dict (.pth or safetensors).", valueName: "FILE"))
    var weights: String

    @Option(help: "How many classes to list.")
    var top = 5

    @Argument(help: "A JPEG or PNG image.")
    var image: String

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be positive, got \(top)") }
    }

    func run() throws {
        try reportingFailures(of: "classify") {
            print(try output())
            return 0
        }
    }

    /// The table of the best classes.
    func output() throws -> String {
        // Cheap checks first: a misspelt model or a bad image fails before the weights are read.
        _ = try ImageClassifier.validatedName(model)
        let decoded = try ImageCodec.decode(contentsOf: URL(fileURLWithPath: image))
        let classifier = try ImageClassifier(model: model, weights: URL(fileURLWithPath: weights))
        return Self.table(ImageClassifier.ranked(try classifier.logits(for: decoded), top: top))
    }

    /// One line per prediction under a header.
    static func table(_ predictions: [ImageClassifier.Prediction]) -> String {
        var lines = ["rank  class  probability    logit  name"]
        for (rank, prediction) in predictions.enumerated() {
            let probability = String(format: "%11.6f", prediction.probability)
            let logit = String(format: "%8.4f", Double(prediction.logit))
            let index = String(prediction.index).leftPadded(to: 5)
            lines.append(
                "\(String(rank + 1).leftPadded(to: 4))  \(index)  \(probability)  \(logit)  \(prediction.name ?? "-")")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
