import Datasets
import Evaluation
import Foundation
import ScriptLanguage
import TensorEngine

/// `embed(model, dataset)`, and evaluation of two sets of embeddings (`evaluate(q, g)`).
enum EmbeddingFunctions {
    /// Registers `embed` and the `Embeddings` type.
    static func install(in interpreter: Interpreter) {
        interpreter.register(
            HostType(
                "Embeddings", doc: "Retrieval features [N, D] of a dataset split, with its labels and paths.",
                methods: []))
        interpreter.register([embed])
    }

    static var embed: NativeFunction {
        NativeFunction(
            "embed",
            [
                "model", "data", .init("split", default: .string("gallery"), keywordOnly: true),
                .init("size", default: .nil, keywordOnly: true),
                .init("batch", default: .number(32), keywordOnly: true),
                .init("precision", default: .string("fp32"), keywordOnly: true),
            ],
            doc:
                "The retrieval features of every image of a Dataset split (split: \"gallery\", \"query\" or \"train\") or a DatasetSplit, at the dataset's size or size: [h, w], in precision: \"fp32\" or \"bf16\" (AVX512-BF16; fp32 on other CPUs): Embeddings."
        ) { args in
            let model = try ModelFunctions.model(args, 0)
            let split = try dataSplit(args)
            var transform = split.transform
            if case .nil = args[3] {
            } else {
                let size = try args.integers(3)
                guard size.count == 1 || size.count == 2, size.allSatisfy({ $0 > 0 && $0 <= 4096 }) else {
                    throw ScriptError(
                        .value, "embed expects size to be a number or [height, width] between 1 and 4096, got \(size)")
                }
                transform = ImageTransform.test(height: size[0], width: size.last ?? size[0])
            }
            let batch = try args.integer(4)
            guard batch > 0 else { throw ScriptError(.value, "embed expects 'batch' to be positive, got \(batch)") }
            guard !split.records.isEmpty else {
                throw ScriptError(.value, "embed: the \(split.name) split of \(split.dataset) has no images")
            }
            let name = try args.string(5)
            guard let precision = InferencePrecision(rawValue: name.lowercased()) else {
                throw ScriptError(.value, "embed expects precision to be \"fp32\" or \"bf16\", got \"\(name)\"")
            }
            let features = try embeddings(
                model, split.records, transform: transform, batch: batch, precision: precision)
            let origin =
                "\(model.network.name) on \(split.dataset) \(split.name) at \(transform.height)x\(transform.width)"
            return .host(EmbeddingsValue(features: features, records: split.records, origin: origin))
        }
    }

    /// The split argument 1 names: a `DatasetSplit`, or the `split:` split of a `Dataset`.
    private static func dataSplit(_ args: Arguments) throws -> DatasetSplit {
        switch args[1] {
        case .host(let split as DatasetSplit): return split
        case .host(let dataset as DatasetObject):
            let name = try args.string(2)
            guard let split = dataset.split(name) else {
                throw ScriptError(
                    .value, "embed: there is no split '\(name)'", hint: "the splits are train, query and gallery")
            }
            return split
        default: throw args.typeError(1, expected: "a Dataset or a DatasetSplit")
        }
    }

    /// `[records, dim]` retrieval features of `records` through `model` in eval mode, in order.
    static func embeddings(
        _ model: ModelObject, _ records: [ImageRecord], transform: ImageTransform, batch: Int,
        precision: InferencePrecision
    ) throws -> Tensor {
        let loader = try ImageLoader.test(
            records: records, transform: transform,
            settings: LoaderSettings(batchSize: batch, seed: 0, threads: 2))
        let wasTraining = model.network.isTraining
        model.network.setTraining(false)
        defer { model.network.setTraining(wasTraining) }
        let stream = loader.epoch(0)
        var parts: [Tensor] = []
        while let images = try stream.next() {
            let outputs = try model.network.inference(images.images, precision: precision, keepsStageMaps: false)
            parts.append(outputs.retrievalFeature.detached())
        }
        return try Tensor.concatenated(parts, axis: 0)
    }

    /// Query embeddings against gallery embeddings under the Market-1501 protocol (cosine).
    static func evaluate(_ query: EmbeddingsValue, _ gallery: EmbeddingsValue) throws -> ResultValue {
        guard query.features.shape.last == gallery.features.shape.last else {
            throw ScriptError(
                .value,
                "evaluate: query embeddings \(query.features.shape) and gallery embeddings \(gallery.features.shape) differ in width",
                hint: "embed both sides with networks whose retrieval features have the same size")
        }
        let labels = { (records: [ImageRecord], role: String) in
            try RetrievalLabels(pids: records.map(\.pid), camids: records.map(\.camid), role: role)
        }
        let result = try RetrievalEvaluator().evaluate(
            queryFeatures: query.features, galleryFeatures: gallery.features,
            query: labels(query.records, "query"), gallery: labels(gallery.records, "gallery"))
        return ResultValue(result, query: query, gallery: gallery)
    }
}
