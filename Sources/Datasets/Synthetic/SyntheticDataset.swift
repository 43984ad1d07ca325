import Foundation
import TensorEngine

/// A procedural retrieval dataset that needs no download: every class is a combination of
/// shape × texture × hue; every image shows one object of its class in a random pose, scale and
/// colour jitter on a random background with distractor shapes and pixel noise.
///
/// Written in the CUB-200-2011 layout (`train/` then `test/`, `<class>_<image index>.jpg`) as
/// real JPEG files, so the CUB reader and the decoder run on it. Classes 1…⌈classes/2⌉ are
/// train classes, the rest test classes (disjoint, as CUB's zero-shot split).
public enum SyntheticDataset {
    /// Number of hue bins; classes differ by at least one full bin (45°).
    static let hueCount = 8

    /// The sizes `airs dataset make-synthetic` and the script function `synthetic()` use when
    /// none are given: small enough to train on in minutes on two cores.
    public enum Defaults {
        /// Classes in all; half train, half test.
        public static let classes = 20
        /// Images per class.
        public static let perClass = 10
        /// Side of the square images, in pixels.
        public static let size = 64
        /// The generator's seed.
        public static let seed: UInt64 = 0
    }

    /// The largest number of distinct classes (shapes × textures × hues).
    public static var maximumClasses: Int { Sprite.shapeNames.count * Sprite.textureNames.count * hueCount }

    /// What `write` produced.
    public struct Summary: Sendable, Equatable {
        /// Number of train images (classes 1…trainClasses).
        public var trainImages: Int
        /// Number of test images.
        public var testImages: Int
        /// Number of train classes.
        public var trainClasses: Int
        /// Number of test classes.
        public var testClasses: Int
    }

    /// Writes `classes × perClass` JPEG images of `size` × `size` pixels into `directory/train`
    /// and `directory/test`. Name `directory` `CUB_200_2011` to train on it with
    /// `DATASETS.NAMES CUB200` and `DATASETS.ROOT_DIR` its parent. Same seed, same files.
    @discardableResult
    public static func write(
        to directory: URL, classes: Int = Defaults.classes, perClass: Int = Defaults.perClass,
        size: Int = Defaults.size, seed: UInt64 = Defaults.seed, quality: Int = 90
    ) throws -> Summary {
        guard (2...maximumClasses).contains(classes), perClass >= 1, size >= 16 else {
            throw DatasetError.invalidSettings(
                message:
                    "the synthetic dataset needs 2...\(maximumClasses) classes, at least 1 image per class and a size of at least 16 px (got \(classes), \(perClass), \(size))"
            )
        }
        let trainClasses = (classes + 1) / 2
        for split in ["train", "test"] {
            try createDirectory(directory.appendingPathComponent(split))
        }
        let combinations = classCombinations(seed: seed)
        let total = classes * perClass
        let digits = max(3, String(classes).count)
        let indexDigits = max(5, String(total - 1).count)
        let failures = FailureBox()
        concurrentPerform(iterations: total) { index in
            let classId = index / perClass + 1
            var rng = RandomGenerator(seed: seed, stream: [UInt64(classId), UInt64(index)])
            let image = render(combination: combinations[classId - 1], size: size, using: &rng)
            let split = classId <= trainClasses ? "train" : "test"
            let name = padded(classId, digits) + "_" + padded(index, indexDigits) + ".jpg"
            do {
                try ImageCodec.write(
                    image, to: directory.appendingPathComponent(split).appendingPathComponent(name), quality: quality)
            } catch {
                failures.record(error)
            }
        }
        if let error = failures.first { throw error }
        return Summary(
            trainImages: trainClasses * perClass, testImages: (classes - trainClasses) * perClass,
            trainClasses: trainClasses, testClasses: classes - trainClasses)
    }

    /// The (shape, texture, hue) of every class id 1…maximumClasses, a seeded permutation of all
    /// combinations so that train and test classes both mix every shape, texture and hue.
    static func classCombinations(seed: UInt64) -> [(shape: Int, texture: Int, hue: Int)] {
        var all: [(shape: Int, texture: Int, hue: Int)] = []
        for shape in Sprite.shapeNames.indices {
            for texture in Sprite.textureNames.indices {
                for hue in 0..<hueCount { all.append((shape, texture, hue)) }
            }
        }
        var rng = RandomGenerator(seed: seed, stream: [0xC1A55])
        rng.shuffle(&all)
        return all
    }

    /// One image of the class `combination`.
    static func render(
        combination: (shape: Int, texture: Int, hue: Int), size: Int,
        using rng: inout RandomGenerator
    ) -> Image {
        let s = Double(size)
        var canvas = [Float](repeating: 0, count: size * size * 3)
        // Background: a vertical blend of two dull random colours.
        let top = Sprite.rgb(hue: rng.nextUniform(), saturation: rng.uniform(0, 0.35), value: rng.uniform(0.25, 0.85))
        let bottom = Sprite.rgb(
            hue: rng.nextUniform(), saturation: rng.uniform(0, 0.35), value: rng.uniform(0.25, 0.85))
        for y in 0..<size {
            let t = Float(y) / Float(size - 1)
            for x in 0..<size {
                let p = (y * size + x) * 3
                canvas[p] = top.0 + (bottom.0 - top.0) * t
                canvas[p + 1] = top.1 + (bottom.1 - top.1) * t
                canvas[p + 2] = top.2 + (bottom.2 - top.2) * t
            }
        }
        for _ in 0..<rng.integer(in: 1...3) {
            let distractor = Sprite(
                shape: rng.integer(below: Sprite.shapeNames.count),
                texture: rng.integer(below: Sprite.textureNames.count),
                color: Sprite.rgb(
                    hue: rng.nextUniform(), saturation: rng.uniform(0.2, 0.9), value: rng.uniform(0.4, 1)),
                centerX: rng.uniform(0, s), centerY: rng.uniform(0, s), radius: s * rng.uniform(0.06, 0.14),
                angle: rng.uniform(0, 2 * .pi), frequency: rng.uniform(2.5, 3.5))
            distractor.draw(into: &canvas, size: size)
        }
        let hue = (Double(combination.hue) + rng.uniform(-0.2, 0.2)) / Double(hueCount)
        let object = Sprite(
            shape: combination.shape, texture: combination.texture,
            color: Sprite.rgb(hue: hue, saturation: rng.uniform(0.65, 1), value: rng.uniform(0.7, 1)),
            centerX: s * rng.uniform(0.4, 0.6), centerY: s * rng.uniform(0.4, 0.6), radius: s * rng.uniform(0.28, 0.42),
            angle: rng.uniform(0, 2 * .pi), frequency: rng.uniform(2.5, 3.5))
        object.draw(into: &canvas, size: size)
        var image = Image(width: size, height: size)
        let noise = Float(rng.uniform(0.01, 0.05))
        for i in 0..<canvas.count {
            let value = canvas[i] + noise * Float(rng.uniform(-1, 1))
            image.pixels[i] = UInt8(max(0, min(255, (value * 255).rounded())))
        }
        return image
    }

    static func padded(_ value: Int, _ digits: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.unreadableFile(
                path: url.path, reason: "cannot create the directory (\(error.localizedDescription))")
        }
    }
}

/// Collects the first error thrown by parallel workers.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?

    /// Keeps `error` if it is the first one.
    func record(_ error: Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }

    /// The first recorded error.
    var first: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
