import Datasets
import Foundation
import ScriptLanguage

/// `synthetic(...)`: the procedural dataset written to disk from a script.
enum DataFunctions {
    private typealias Defaults = SyntheticDataset.Defaults

    static func install(in interpreter: Interpreter) {
        interpreter.register(functions)
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "synthetic",
                [
                    "dir", .init("classes", default: .number(Double(Defaults.classes)), keywordOnly: true),
                    .init("per_class", default: .number(Double(Defaults.perClass)), keywordOnly: true),
                    .init("size", default: .number(Double(Defaults.size)), keywordOnly: true),
                    .init("seed", default: .number(Double(Defaults.seed)), keywordOnly: true),
                ],
                doc: "Writes a synthetic retrieval dataset (CUB layout, JPEG) into dir; same seed, same files."
            ) { args in
                let directory = try args.string(0)
                let seed = try args.integer(4)
                guard seed >= 0 else {
                    throw ScriptError(.value, "synthetic expects 'seed' to be zero or positive, got \(seed)")
                }
                let summary = try SyntheticDataset.write(
                    to: URL(fileURLWithPath: directory), classes: try args.integer(1),
                    perClass: try args.integer(2), size: try args.integer(3),
                    seed: UInt64(seed))
                let text =
                    "synthetic dataset in \(directory): \(summary.trainImages) train images in \(summary.trainClasses) classes, "
                    + "\(summary.testImages) test images in \(summary.testClasses) classes"
                return .host(
                    ReportObject(
                        typeName: "DatasetSummary", text: text,
                        fields: [
                            ("dir", .string(directory)),
                            ("train_images", .number(Double(summary.trainImages))),
                            ("test_images", .number(Double(summary.testImages))),
                            ("train_classes", .number(Double(summary.trainClasses))),
                            ("test_classes", .number(Double(summary.testClasses))),
                        ]))
            }
        ]
    }
}
