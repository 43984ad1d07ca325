import Datasets
import Foundation
import Testing

@testable import JupyterKernel

@Test func installWritesKernelJSONAndLogosWhereJupyterLooksAndUninstallRemovesThem() throws {
    let prefix = FileManager.default.temporaryDirectory.appendingPathComponent(
        "airs-prefix-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: prefix) }
    let folder = KernelSpec.folder(prefix: prefix.path)
    #expect(folder.path.hasSuffix("share/jupyter/kernels/airs"))
    try KernelSpec.install(executable: "/opt/airs/bin/airs", in: folder)
    let json = try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("kernel.json")))
    let spec = try #require(json as? [String: Any])
    #expect(
        spec["argv"] as? [String] == ["/opt/airs/bin/airs", "kernel", "-f", "{connection_file}"])
    #expect(spec["display_name"] as? String == "AIRS")
    #expect(spec["language"] as? String == "airs")
    #expect(spec["interrupt_mode"] as? String == "signal")
    let logo = try ImageCodec.decode(contentsOf: folder.appendingPathComponent("logo-64x64.png"))
    #expect(logo.width == 64 && logo.height == 64)
    #expect(try KernelSpec.uninstall(from: folder))
    #expect(!FileManager.default.fileExists(atPath: folder.path))
    #expect(try !KernelSpec.uninstall(from: folder))
}

@Test func theUserFolderFollowsJupyterDataDir() {
    #expect(
        KernelSpec.userFolder(environment: ["JUPYTER_DATA_DIR": "/data/jupyter"]).path
            == "/data/jupyter/kernels/airs")
}

@Test func anUnwritableKernelspecFolderIsNamed() {
    let folder = URL(fileURLWithPath: "/proc/airs-cannot-write/kernels/airs")
    do {
        try KernelSpec.install(executable: "/bin/airs", in: folder)
        Issue.record("installed into /proc")
    } catch {
        #expect(error.description.contains(folder.path))
        #expect(error.description.contains("--prefix"))
    }
}
