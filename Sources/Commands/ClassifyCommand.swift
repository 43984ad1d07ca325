import Datasets
import Foundation

/// `airs classify --model NAME --weights FILE IMAGE [--top 5]` prints the best ImageNet classes
/// of one image: rank, class index, softmax probability, logit and class name.
struct ClassifyCommand: Command {
    let name = "classify"
    let summary = "classify an image with pretrained ImageNet weights (e.g. torchvision's MobileNetV2 .pth)"
    let usage = """
        usage: airs classify --model NAME --weights FILE IMAGE [--top 5]
        NAME is a model registry name, case and '_' ignored (mobilenet_v2 = MobileNetV2); FILE a
        safetensors or PyTorch .pth state dict loaded strictly; IMAGE a JPEG or PNG. The image is
        resized (shorter side 256), centre-cropped to 224 and ImageNet-normalised.
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments)
        guard parsed.positional.count == 1 else {
            throw UsageError("give exactly one image, got \(parsed.positional.count)")
        }
        let model = try parsed.required("model")
        let weights = URL(fileURLWithPath: try parsed.required("weights"))
        let top = try parsed.integer("top", default: 5)
        guard top > 0 else { throw UsageError("--top must be positive, got \(top)") }
        // Cheap checks first: a misspelt model or a bad image fails before the weights are read.
        _ = try ImageClassifier.validatedName(model)
        let image = try ImageCodec.decode(contentsOf: URL(fileURLWithPath: parsed.positional[0]))
        let classifier = try ImageClassifier(model: model, weights: weights)
        let predictions = ImageClassifier.ranked(try classifier.logits(for: image), top: top)
        print(Self.table(predictions))
        return 0
    }

    /// One line per prediction under a header.
    static func table(_ predictions: [ImageClassifier.Prediction]) -> String {
        var lines = ["rank  class  probability    logit  name"]
        for (rank, prediction) in predictions.enumerated() {
            let probability = String(format: "%11.6f", prediction.probability)
            let logit = String(format: "%8.4f", Double(prediction.logit))
            let index = String(prediction.index).leftPadded(to: 5)
            lines.append("\(String(rank + 1).leftPadded(to: 4))  \(index)  \(probability)  \(logit)  \(prediction.name ?? "-")")
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
