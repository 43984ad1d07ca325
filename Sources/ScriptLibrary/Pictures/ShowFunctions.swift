import Datasets
import Foundation
import ScriptLanguage
import TensorEngine

/// `show`: a contact sheet of images with their labels, from a dataset or split, a batch
/// tensor, a list of `[image, label]` pairs or any indexable object, written as a PNG.
enum ShowFunctions {
    /// Registers `show`.
    static func install(in interpreter: Interpreter) {
        interpreter.register([show])
    }

    static var show: NativeFunction {
        NativeFunction(
            "show",
            [
                "images", .init("n", default: .number(16)),
                .init("to", default: .string("sheet.png"), keywordOnly: true),
                .init("columns", default: .number(8), keywordOnly: true),
            ],
            doc:
                "Writes a labelled contact sheet PNG (to: path) of n images of a Dataset or split (spread over it, labelled by class), a [N,3,H,W] tensor or a list of [image, label]."
        ) { args in
            let n = try args.integer(1)
            let columns = try args.integer(3)
            let path = try args.string(2)
            guard n > 0, columns > 0 else {
                throw ScriptError(.value, "show: 'n' and 'columns' must be positive, got \(n) and \(columns)")
            }
            let items = try pictures(from: args[0], count: n)
            guard !items.isEmpty else { throw ScriptError(.value, "show: there are no images to show") }
            let contactSheet = sheet(items, columns: columns)
            _ = try PictureOutput.write(contactSheet, to: path, for: "show", args.interpreter)
            return .string(path)
        }
    }

    /// Up to `count` pictures with optional labels.
    static func pictures(from value: Value, count: Int) throws -> [(image: Image, label: String?)] {
        switch value {
        case .host(let object as TensorValue):
            let tensor = object.tensor
            if tensor.rank == 3 { return [(try picture(tensor), nil)] }
            guard tensor.rank == 4 else {
                throw ScriptError(.value, "show: an image batch has shape [N, 3, H, W], got \(tensor.shape)")
            }
            return try (0..<min(count, tensor.shape[0])).map { (try picture(tensor.select(axis: 0, index: $0)), nil) }
        case .list(let items):
            return try items.prefix(count).map(item)
        case .host(let object as DatasetObject):
            return try records(object.dataset.train, size: object.transform, count: count)
        case .host(let split as DatasetSplit):
            return try records(split.records, size: split.transform, count: count)
        case .host(let object):
            guard let length = object.length else { throw ScriptError(.type, "show cannot show a \(object.typeName)") }
            return try (0..<min(count, length)).map { i in
                try item(object.subscriptGet([.single(.number(Double(i)))]) ?? .nil)
            }
        default:
            throw ScriptError(.type, "show expects an image tensor, a list or a dataset split, got \(value.typeName)")
        }
    }

    /// `count` images spread evenly over `records` (so a class-sorted split shows many classes),
    /// decoded and resized but not normalised, labelled with their class.
    private static func records(_ records: [ImageRecord], size: ImageTransform, count: Int) throws -> [(
        image: Image, label: String?
    )] {
        let n = min(count, records.count)
        return try (0..<n).map { i in
            let record = records[i * records.count / n]
            let image = try ImageCodec.decode(contentsOf: URL(fileURLWithPath: record.path))
            return (image.rgb().resized(height: size.height, width: size.width), String(record.pid))
        }
    }

    private static func item(_ value: Value) throws -> (image: Image, label: String?) {
        switch value {
        case .host(let object as TensorValue):
            return (try picture(object.tensor), nil)
        case .list(let pair) where pair.count >= 2:
            guard case .host(let object as TensorValue) = pair[0] else {
                throw ScriptError(.type, "show: expected [image, label] with an image tensor, got \(pair[0].typeName)")
            }
            return (try picture(object.tensor), pair[1].description)
        default:
            throw ScriptError(.type, "show: each item must be an image tensor or [image, label], got \(value.typeName)")
        }
    }

    /// An RGB picture of a `[3, H, W]` or `[1, H, W]` tensor; values outside [0, 1] (normalised
    /// inputs) are stretched to the image's own range so any tensor is visible.
    static func picture(_ tensor: Tensor) throws -> Image {
        var t = tensor.contiguous().cast(to: .float32)
        if t.rank == 4, t.shape[0] == 1 { t = try t.select(axis: 0, index: 0) }
        guard t.rank == 3, t.shape[0] == 1 || t.shape[0] == 3 else {
            throw ScriptError(.value, "show: an image tensor has shape [3, H, W] or [1, H, W], got \(tensor.shape)")
        }
        if t.shape[0] == 1 { t = try Tensor.concatenated([t, t, t], axis: 0) }
        let values = t.scalars
        if let low = values.min(), let high = values.max(), low < 0 || high > 1 {
            t = try (t - Double(low)) / Double(max(high - low, 1e-12))
        }
        return try Image(tensor: t)
    }

    /// The pictures in a grid, each with its label underneath (a swatch in the label's colour,
    /// then the label in black). Small images are enlarged to at least 64 pixels so they can be seen.
    static func sheet(_ items: [(image: Image, label: String?)], columns: Int) -> Image {
        let largest = max(items.map(\.image.width).max() ?? 1, items.map(\.image.height).max() ?? 1, 1)
        let zoom = largest < 64 ? (64 + largest - 1) / largest : 1
        let pictures = items.map {
            zoom == 1 ? $0.image : $0.image.rgb().resized(height: $0.image.height * zoom, width: $0.image.width * zoom)
        }
        let cellWidth = max(pictures.map(\.width).max() ?? 1, 40) + 8
        let labelHeight = items.contains { $0.label != nil } ? BitmapFont.height + 6 : 0
        let cellHeight = (pictures.map(\.height).max() ?? 1) + 8 + labelHeight
        let columns = min(columns, items.count)
        let rows = (items.count + columns - 1) / columns
        var canvas = Canvas(width: columns * cellWidth, height: rows * cellHeight)
        for (i, item) in items.enumerated() {
            let x = (i % columns) * cellWidth + 4
            let y = (i / columns) * cellHeight + 4
            canvas.draw(pictures[i], x: x, y: y)
            if let label = item.label {
                let top = y + pictures[i].height + 3
                canvas.fill(x: x, y: top + 2, width: 7, height: 7, color: Palette.color(Int(label) ?? i))
                canvas.text(String(label.prefix((cellWidth - 20) / BitmapFont.width)), x: x + 11, y: top)
            }
        }
        return canvas.image
    }
}
