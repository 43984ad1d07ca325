import Datasets
import Testing

@testable import Commands

@Test func splitOptionNamesTheProtocols() throws {
    let path = ["--out", "/tmp/unused"]
    #expect(try DatasetImportFashionMNISTCommand.parse(path).split == .unseenClasses)
    #expect(try DatasetImportFashionMNISTCommand.parse(path + ["--split", "held-out-images"]).split == .heldOutImages)
    #expect { try DatasetImportFashionMNISTCommand.parse(path + ["--split", "images"]) } throws: {
        let message = DatasetImportFashionMNISTCommand.message(for: $0)
        return message.contains("--split") && message.contains("'images'") && message.contains("unseen-classes")
            && message.contains("held-out-images")
    }
}
