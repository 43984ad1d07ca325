import Datasets
import Testing

@Test func classificationTransformResizesTheShorterSideLikeTorchvision() {
    let transform = ClassificationTransform.imageNet
    let landscape = Image(width: 600, height: 400)
    #expect(transform.resizedSize(of: landscape) == (256, 384))
    #expect(transform.resizedSize(of: Image(width: 400, height: 600)) == (384, 256))
    // int(256 * 333 / 250) = int(340.992) = 340: truncated, not rounded.
    #expect(transform.resizedSize(of: Image(width: 333, height: 250)) == (256, 340))
    #expect(transform.resizedSize(of: Image(width: 300, height: 300)) == (256, 256))
    #expect(transform.resized(landscape).width == 384)
}

@Test func classificationTransformCentresTheCropWithPythonRounding() throws {
    let transform = ClassificationTransform.imageNet
    #expect(transform.cropOrigin(height: 256, width: 384) == (16, 80))
    // (257 - 224) / 2 = 16.5 rounds to 16 and (259 - 224) / 2 = 17.5 to 18, as Python's round does.
    #expect(transform.cropOrigin(height: 257, width: 259) == (16, 18))
    let output = try transform.apply(Image(width: 500, height: 300))
    #expect(output.shape == [3, 224, 224])
    // A black image normalises to -mean / std in every channel.
    #expect(abs(output.scalars[0] - (-0.485 / 0.229)) < 1e-6)
    #expect(abs(output.scalars[2 * 224 * 224] - (-0.406 / 0.225)) < 1e-6)
}

@Test func classificationTransformRejectsImpossibleSizes() {
    let tooSmall = ClassificationTransform(resizeSize: 100, cropSize: 224)
    do {
        _ = try tooSmall.apply(Image(width: 300, height: 200))
        Issue.record("a crop larger than the image was accepted")
    } catch {
        #expect("\(error)".contains("224x224") && "\(error)".contains("100x150"))
    }
    do {
        _ = try ClassificationTransform.imageNet.apply(Image(width: 0, height: 0))
        Issue.record("an empty image was accepted")
    } catch {
        #expect("\(error)".contains("empty 0x0"))
    }
    #expect(throws: DatasetError.self) { try ClassificationTransform(resizeSize: 0).apply(Image(width: 4, height: 4)) }
}
