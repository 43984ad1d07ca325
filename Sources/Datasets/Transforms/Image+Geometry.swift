extension Image {
    /// The image mirrored left to right (torchvision's `hflip`).
    public func flippedHorizontally() -> Image {
        var output = self
        for y in 0..<height {
            for x in 0..<width {
                let source = (y * width + (width - 1 - x)) * channels
                let target = (y * width + x) * channels
                for c in 0..<channels { output.pixels[target + c] = pixels[source + c] }
            }
        }
        return output
    }

    /// The image with `amount` pixels of constant `value` added on every side (torchvision's
    /// `Pad(p)` with fill 0 is `padded(by: p)`).
    public func padded(by amount: Int, value: UInt8 = 0) -> Image {
        let p = max(0, amount)
        var output = Image(width: width + 2 * p, height: height + 2 * p, channels: channels)
        if value != 0 { output.pixels = [UInt8](repeating: value, count: output.pixels.count) }
        for y in 0..<height {
            let source = y * width * channels
            let target = ((y + p) * output.width + p) * channels
            output.pixels.replaceSubrange(
                target..<target + width * channels,
                with: pixels[source..<source + width * channels])
        }
        return output
    }

    /// The `height` × `width` window whose top-left corner is (`top`, `left`); throws when the
    /// window does not fit.
    public func cropped(top: Int, left: Int, height h: Int, width w: Int) throws -> Image {
        guard top >= 0, left >= 0, h >= 0, w >= 0, top + h <= height, left + w <= width else {
            throw DatasetError.invalidSettings(
                message: "crop \(h)x\(w) at (\(top), \(left)) does not fit in a \(height)x\(width) image")
        }
        var output = Image(width: w, height: h, channels: channels)
        for y in 0..<h {
            let source = ((y + top) * width + left) * channels
            let target = y * w * channels
            output.pixels.replaceSubrange(target..<target + w * channels, with: pixels[source..<source + w * channels])
        }
        return output
    }

    /// The image resized to `height` × `width` with Pillow's antialiased bilinear filter.
    public func resized(height: Int, width: Int) -> Image {
        Resampler.resize(self, height: height, width: width)
    }

    /// The image with every channel of a grey image replicated, or itself when already RGB;
    /// an alpha channel is dropped (Pillow's `convert("RGB")`).
    public func rgb() -> Image {
        if channels == 3 { return self }
        var output = Image(width: width, height: height, channels: 3)
        for i in 0..<(width * height) {
            for c in 0..<3 { output.pixels[i * 3 + c] = pixels[i * channels + (channels >= 3 ? c : 0)] }
        }
        return output
    }
}
