import Foundation
import Testing

@testable import Datasets

/// Every PNG and JPEG colour mode decodes to the bytes of Pillow's `convert("RGB")`.
@Test(arguments: PillowFixtures.cases.map(\.name))
func decodesLikePillowConvertRGB(name: String) throws {
    guard let fixture = PillowFixtures.cases.first(where: { $0.name == name }),
        let data = Data(base64Encoded: fixture.file)
    else {
        Issue.record("fixture \(name) is missing or not base64")
        return
    }
    let expected = stride(from: 0, to: fixture.rgb.count, by: 2).compactMap { offset -> UInt8? in
        let start = fixture.rgb.index(fixture.rgb.startIndex, offsetBy: offset)
        return UInt8(fixture.rgb[start..<fixture.rgb.index(start, offsetBy: 2)], radix: 16)
    }
    let image = try ImageCodec.decode(bytes: [UInt8](data), path: "\(name) (\(fixture.mode))")
    #expect(image.channels == 3 && image.pixels.count == expected.count)
    let differences = zip(image.pixels, expected).filter { $0 != $1 }.count
    #expect(differences == 0, "\(name) (\(fixture.mode)): \(differences) bytes differ")
}
