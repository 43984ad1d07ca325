/// Where oneDNN's Winograd F(4x4, 3x3) kernels (`jit_wino_4x3`, fp32 only) beat its direct
/// ones: 3x3 stride-1 undilated convolutions whose output maps are at least `smallestMap`
/// on each side (4 or 8, by pass: `DNNLConvolution`, `DNNLTrainingConvolution`). A 2x2 map
/// fills a quarter of a 4x4 tile and the transforms cost more than they save. A static rule
/// of the shapes, never a timing: the same run always takes the same kernels and rounds the
/// same way (Winograd's sums differ from the direct ones within fp32 rounding).
enum DNNLWinograd {
    /// Whether a convolution with `weights` `[out, in, kh, kw]` writing `destination`
    /// `[batch, out, outHeight, outWidth]` has a shape Winograd kernels run faster.
    static func fits(weights: [Int], destination: [Int], stride: Int, dilation: Int, smallestMap: Int) -> Bool {
        weights[2] == 3 && weights[3] == 3 && stride == 1 && dilation == 1 && destination[2] >= smallestMap
            && destination[3] >= smallestMap
    }
}
