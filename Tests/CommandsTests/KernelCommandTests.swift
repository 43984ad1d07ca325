import ArgumentParser
import Foundation
import Testing

@testable import Commands

@Test func kernelCommandsParseTheirOptions() throws {
    let serve = try AIRS.parseAsRoot(["kernel", "-f", "c.json"]) as? KernelCommand
    #expect(serve?.connectionFile == "c.json")
    let install =
        try AIRS.parseAsRoot(["kernel", "install", "--prefix", "/p"]) as? KernelInstallCommand
    #expect(install?.location.folder.path == "/p/share/jupyter/kernels/airs")
    #expect(try AIRS.parseAsRoot(["kernel", "uninstall", "--user"]) is KernelUninstallCommand)
}

@Test func badKernelArgumentsAreUsageErrors() {
    #expect(FrontDoor.run(["kernel"]) == 2)
    #expect(FrontDoor.run(["kernel", "install", "--user", "--prefix", "/p"]) == 2)
    #expect(FrontDoor.run(["kernel", "install", "--system"]) == 2)
}

@Test func installAndUninstallWithAPrefix() {
    let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
        "airs-kcmd-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: prefix) }
    let json = prefix.appendingPathComponent("share/jupyter/kernels/airs/kernel.json")
    #expect(FrontDoor.run(["kernel", "install", "--prefix", prefix.path]) == 0)
    #expect(FileManager.default.fileExists(atPath: json.path))
    #expect(FrontDoor.run(["kernel", "uninstall", "--prefix", prefix.path]) == 0)
    #expect(!FileManager.default.fileExists(atPath: json.path))
}
