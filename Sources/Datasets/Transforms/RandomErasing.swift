import Foundation
import TensorEngine

/// torchvision's `RandomErasing` as upstream configures it (`spec/data.md` §2.1 step 7).
///
/// Upstream passes the ImageNet mean as the fill value and applies the transform after
/// normalisation, so the erased box holds 0.485, 0.456, 0.406 rather than the mean colour
/// (AIR-Distiller `dataloader/make_dataloader.py`); reproduced on purpose.
public struct RandomErasing: Sendable, Equatable {
    /// Probability of erasing a box.
    public var probability: Double
    /// Range of the erased area as a fraction of the image area.
    public var scale: ClosedRange<Double> = 0.02...0.33
    /// Range of the box's aspect ratio (drawn log-uniformly).
    public var ratio: ClosedRange<Double> = 0.3...3.3
    /// Value written into each channel of the box.
    public var value: [Float] = [0.485, 0.456, 0.406]

    /// Erasing with upstream's scale, ratio and fill, applied with `probability`.
    public init(probability: Double) {
        self.probability = probability
    }

    /// Erases one box of a `[channels, height, width]` buffer with the drawn probability.
    /// Returns the box `(top, left, height, width)` or nil when nothing was erased.
    @discardableResult
    public func apply(
        to buffer: UnsafeMutableBufferPointer<Float>, channels: Int, height: Int, width: Int,
        using rng: inout RandomGenerator
    ) -> (top: Int, left: Int, height: Int, width: Int)? {
        guard probability > 0, rng.nextUniform() < probability else { return nil }
        let area = Double(height * width)
        let logLow = Foundation.log(ratio.lowerBound)
        let logHigh = Foundation.log(ratio.upperBound)
        for _ in 0..<10 {
            let target = area * rng.uniform(scale.lowerBound, scale.upperBound)
            let aspect = Foundation.exp(rng.uniform(logLow, logHigh))
            let h = Int((target * aspect).squareRoot().rounded(.toNearestOrEven))
            let w = Int((target / aspect).squareRoot().rounded(.toNearestOrEven))
            guard h < height, w < width else { continue }
            let top = rng.integer(in: 0...(height - h))
            let left = rng.integer(in: 0...(width - w))
            for c in 0..<channels {
                let fill = value[c % value.count]
                for y in top..<(top + h) {
                    let row = (c * height + y) * width
                    for x in left..<(left + w) { buffer[row + x] = fill }
                }
            }
            return (top, left, h, w)
        }
        return nil
    }
}
