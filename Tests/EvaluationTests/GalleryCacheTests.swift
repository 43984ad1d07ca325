import Foundation
import TensorEngine
import Testing

@testable import Evaluation

/// A thread-safe log sink for cache messages.
final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    func append(_ line: String) { lock.withLock { stored.append(line) } }
}

@Suite struct GalleryCacheTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("airs-cache-\(UUID().uuidString)")
    let features = try! Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6.5])

    func key(
        _ teacher: String = "teacher-v1", images: [String] = ["a.jpg", "b.jpg", "c.jpg"],
        transform: String = "resize 224"
    ) -> GalleryCacheKey {
        GalleryCacheKey(teacherIdentity: Data(teacher.utf8), galleryImages: images, transform: transform)
    }

    @Test func storesAndReusesWithALogLine() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = LogSink()
        let cache = GalleryCache(directory: directory) { log.append($0) }
        #expect(cache.lookup(key: key()) == nil)
        try cache.store(key: key(), features: features)
        let cached = try #require(cache.lookup(key: key()))
        #expect(cached.shape == [3, 2] && cached.scalars == features.scalars)
        #expect(log.lines.contains { $0.contains("reusing 3×2 gallery embeddings") && $0.contains(key().description) })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == [key().digest + ".npy"], "no temporary file is left behind")
    }

    @Test func anyChangeMisses() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = GalleryCache(directory: directory) { _ in }
        try cache.store(key: key(), features: features)
        #expect(cache.lookup(key: key("teacher-v2")) == nil)
        #expect(cache.lookup(key: key(images: ["a.jpg", "c.jpg", "b.jpg"])) == nil)
        #expect(cache.lookup(key: key(transform: "resize 256")) == nil)
        #expect(
            GalleryCacheKey(parts: [Data("ab".utf8), Data("c".utf8)])
                != GalleryCacheKey(parts: [Data("a".utf8), Data("bc".utf8)]))
    }

    @Test func checkpointFileKey() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let checkpoint = directory.appendingPathComponent("teacher.ckpt")
        try Data([1, 2, 3]).write(to: checkpoint)
        let first = try GalleryCacheKey(teacherCheckpoint: checkpoint, galleryImages: ["a"], transform: "t")
        #expect(first == GalleryCacheKey(teacherIdentity: Data([1, 2, 3]), galleryImages: ["a"], transform: "t"))
        try Data([1, 2, 4]).write(to: checkpoint)
        #expect(try GalleryCacheKey(teacherCheckpoint: checkpoint, galleryImages: ["a"], transform: "t") != first)
        let missing = directory.appendingPathComponent("absent.ckpt")
        #expect { try GalleryCacheKey(teacherCheckpoint: missing, galleryImages: [], transform: "") } throws: {
            "\($0)".contains("absent.ckpt")
        }
    }

    @Test func corruptEntryIsLoggedAndIgnored() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = LogSink()
        let cache = GalleryCache(directory: directory) { log.append($0) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("garbage".utf8).write(to: cache.url(for: key()))
        #expect(cache.lookup(key: key()) == nil)
        #expect(log.lines.contains { $0.contains("ignoring unreadable entry") && $0.contains(key().digest) })
        try cache.store(key: key(), features: features)
        #expect(cache.lookup(key: key()) != nil)
    }
}
