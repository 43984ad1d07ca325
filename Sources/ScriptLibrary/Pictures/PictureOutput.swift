import Datasets
import Foundation
import ScriptLanguage

/// Where the pictures the bindings draw go: the file the script named, and, when a notebook
/// front end set the interpreter's `showPicture`, inline as a PNG as well.
enum PictureOutput {
    /// Writes `image` to `path` (the `to:` of `function`) and shows it inline if a front end can.
    static func write(
        _ image: Image, to path: String, for function: String, _ interpreter: Interpreter
    ) throws -> URL {
        let url = try OutputFile.prepare(path, for: function)
        try ImageCodec.write(image, to: url)
        try show(image, interpreter)
        return url
    }

    /// Hands `image` to the front end as a PNG; does nothing in a terminal.
    static func show(_ image: Image, _ interpreter: Interpreter) throws {
        guard let showPicture = interpreter.showPicture else { return }
        showPicture(try ImageCodec.encodePNG(image))
    }
}
