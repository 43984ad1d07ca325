/// An 8-bit image stored row-major with interleaved channels (HWC).
public struct Image: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Channels per pixel: 1 (grey), 3 (RGB) or 4 (RGBA).
    public var channels: Int
    /// `height * width * channels` bytes, row by row, channels interleaved.
    public var pixels: [UInt8]

    /// Wraps existing pixels; throws when their count does not match the shape.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) throws {
        guard width >= 0, height >= 0, channels > 0, pixels.count == width * height * channels else {
            throw DatasetError.invalidSettings(
                message:
                    "an image of \(width)x\(height)x\(channels) needs \(max(0, width * height * channels)) bytes, got \(pixels.count)"
            )
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A black (all-zero) image.
    public init(width: Int, height: Int, channels: Int = 3) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.channels = max(1, channels)
        self.pixels = [UInt8](repeating: 0, count: self.width * self.height * self.channels)
    }

    /// The byte of channel `c` at row `y`, column `x`.
    public subscript(y: Int, x: Int, c: Int) -> UInt8 {
        get { pixels[(y * width + x) * channels + c] }
        set { pixels[(y * width + x) * channels + c] = newValue }
    }
}
