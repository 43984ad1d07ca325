import Datasets
import Foundation
import ScriptLanguage

/// `dataset(name, root)`, `dataset_list(path)` and `fashion_mnist(dir)`.
enum DatasetFunctions {
    /// Registers the functions and the `Dataset` and `DatasetSplit` types.
    static func install(in interpreter: Interpreter) {
        interpreter.register(
            HostType("Dataset", doc: "A retrieval dataset: train, query and gallery splits.", methods: []))
        interpreter.register(
            HostType("DatasetSplit", doc: "One split of a Dataset; split[i] is [image, label].", methods: []))
        interpreter.register(functions)
    }

    private static func transform(_ args: Arguments, _ i: Int) throws(ScriptError) -> ImageTransform {
        let size = try args.integers(i)
        guard size.count == 1 || size.count == 2, size.allSatisfy({ $0 > 0 && $0 <= 4096 }) else {
            throw ScriptError(
                .value,
                "\(args.function) expects size to be a number or [height, width] between 1 and 4096, got \(size)")
        }
        return ImageTransform.test(height: size[0], width: size.last ?? size[0])
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "dataset", ["name", "root", .init("size", default: .number(64), keywordOnly: true)],
                doc:
                    "A benchmark (CUB200, SOP, InShop, MSMT17) under root (the folder holding CUB_200_2011/ …, or that folder itself)."
            ) { args in
                let kind = try DatasetKind.named(try args.string(0))
                var root = URL(fileURLWithPath: try args.string(1))
                // Accept the dataset's own folder as well as its parent, as people type both.
                if root.lastPathComponent == kind.directoryName { root = root.deletingLastPathComponent() }
                return .host(
                    DatasetObject(try RetrievalDataset.read(kind, root: root), transform: try transform(args, 2)))
            },
            NativeFunction(
                "dataset_list", ["path", .init("size", default: .number(64), keywordOnly: true)],
                doc:
                    "A dataset from a list file: one '<path> <class id> [camera id] <split>' line per image (split train, query, gallery or test)."
            ) { args in
                let dataset = try RetrievalDataset.readList(at: URL(fileURLWithPath: try args.string(0)))
                return .host(DatasetObject(dataset, transform: try transform(args, 1)))
            },
            NativeFunction(
                "fashion_mnist",
                [
                    "dir",
                    .init("source", default: .string(FashionMNISTImporter.defaultSource.path), keywordOnly: true),
                    .init(
                        "split", default: .string(FashionMNISTImporter.Split.unseenClasses.rawValue), keywordOnly: true),
                    .init("per_class", default: .nil, keywordOnly: true),
                ],
                doc:
                    "Imports Fashion-MNIST's IDX files from source into dir/train and dir/test (name dir CUB_200_2011 to read it as CUB200); split: \"unseen-classes\" (train 0-4, test 5-9) or \"held-out-images\" (all ten classes in both)"
                    + "; per_class: keep the first N images of each class in each split."
            ) { args in
                let directory = try args.string(0)
                let splitName = try args.string(2)
                guard let split = FashionMNISTImporter.Split(rawValue: splitName) else {
                    throw ScriptError(
                        .value,
                        "fashion_mnist expects split to be one of "
                            + FashionMNISTImporter.Split.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                            + ", got '\(splitName)'")
                }
                let perClass = args[3] == .nil ? nil : try args.integer(3)
                if let perClass, perClass < 1 {
                    throw ScriptError(
                        .value,
                        "fashion_mnist expects per_class to be positive, got \(perClass)")
                }
                let summary = try FashionMNISTImporter.importDataset(
                    from: URL(fileURLWithPath: try args.string(1)), to: URL(fileURLWithPath: directory),
                    split: split, perClass: perClass)
                return .string(
                    "Fashion-MNIST (\(split.rawValue)) in \(directory): \(summary.trainImages) train images, \(summary.testImages) test images"
                )
            },
        ]
    }
}
