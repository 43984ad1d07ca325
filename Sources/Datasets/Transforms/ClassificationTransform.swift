import Foundation
import TensorEngine

/// torchvision's standard ImageNet evaluation pipeline: `Resize(resizeSize)` (shorter side to
/// `resizeSize`, longer side `int(resizeSize · long / short)`, Pillow bilinear with antialiasing)
/// → `CenterCrop(cropSize)` → `ToTensor` → `Normalize`. With the defaults it equals
/// `MobileNet_V2_Weights.IMAGENET1K_V1.transforms()` bit for bit.
public struct ClassificationTransform: Sendable, Equatable {
    /// The size the shorter side is resized to.
    public var resizeSize: Int
    /// The side of the square centre crop.
    public var cropSize: Int
    /// ToTensor + Normalize constants.
    public var normalization: Normalization

    /// A pipeline with every size given explicitly.
    public init(resizeSize: Int = 256, cropSize: Int = 224, normalization: Normalization = .imageNet) {
        self.resizeSize = resizeSize
        self.cropSize = cropSize
        self.normalization = normalization
    }

    /// torchvision's ImageNet eval preset: 256, centre crop 224, ImageNet statistics.
    public static let imageNet = ClassificationTransform()

    /// The (height, width) `image` has after the resize step.
    public func resizedSize(of image: Image) -> (height: Int, width: Int) {
        let short = min(image.width, image.height)
        let long = max(image.width, image.height)
        // Python's `int(size * long / short)`: a float division truncated toward zero.
        let newLong = Int(Double(resizeSize * long) / Double(short))
        return image.width <= image.height ? (newLong, resizeSize) : (resizeSize, newLong)
    }

    /// The RGB image after the resize step.
    public func resized(_ image: Image) -> Image {
        let size = resizedSize(of: image)
        return image.rgb().resized(height: size.height, width: size.width)
    }

    /// The (top, left) corner of the centre crop in an image of `height` × `width`:
    /// `round((size − crop) / 2)` with Python's round-half-to-even.
    public func cropOrigin(height: Int, width: Int) -> (top: Int, left: Int) {
        func offset(_ size: Int) -> Int { Int((Double(size - cropSize) / 2).rounded(.toNearestOrEven)) }
        return (offset(height), offset(width))
    }

    /// The `[3, cropSize, cropSize]` tensor of `image` after the pipeline; throws
    /// `DatasetError.invalidSettings` for non-positive sizes or a crop larger than the resized
    /// image, and for an empty image.
    public func apply(_ image: Image) throws -> Tensor {
        guard resizeSize > 0, cropSize > 0 else {
            throw DatasetError.invalidSettings(
                message:
                    "a classification transform needs positive sizes; got resize \(resizeSize), crop \(cropSize)")
        }
        guard image.width > 0, image.height > 0 else {
            throw DatasetError.invalidSettings(message: "cannot classify an empty \(image.width)x\(image.height) image")
        }
        let resized = resized(image)
        let origin = cropOrigin(height: resized.height, width: resized.width)
        let crop = try resized.cropped(top: origin.top, left: origin.left, height: cropSize, width: cropSize)
        return normalization.tensor(crop)
    }
}
