import Datasets
import Testing
@testable import Commands

@Test func splitOptionNamesTheProtocols() throws {
    #expect(try DatasetImportFashionMNISTCommand.split(nil) == .unseenClasses)
    #expect(try DatasetImportFashionMNISTCommand.split("held-out-images") == .heldOutImages)
    #expect { try DatasetImportFashionMNISTCommand.split("images") } throws: {
        "\($0)".contains("--split") && "\($0)".contains("'images'") && "\($0)".contains("unseen-classes, held-out-images")
    }
}
