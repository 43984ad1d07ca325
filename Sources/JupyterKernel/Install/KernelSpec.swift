import Foundation

/// The kernelspec that lets Jupyter find AIRS: `kernel.json` and two logos in a folder named
/// `airs` under a `kernels` folder Jupyter searches (as `jupyter kernelspec install` writes it).
public enum KernelSpec {
    /// The folder's name, which is the kernel's name in `jupyter kernelspec list`.
    public static let name = "airs"

    /// `P/share/jupyter/kernels/airs`, as `jupyter kernelspec install --prefix P` uses.
    public static func folder(prefix: String) -> URL {
        URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter/kernels")
            .appendingPathComponent(name)
    }

    /// The user's Jupyter data folder's `kernels/airs`: `$JUPYTER_DATA_DIR`, else
    /// `~/Library/Jupyter` on macOS, else `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter`.
    public static func userFolder(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        let home = URL(fileURLWithPath: NSHomeDirectory())
        let data: URL
        if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty {
            data = URL(fileURLWithPath: dir)
        } else {
            #if os(macOS)
                data = home.appendingPathComponent("Library/Jupyter")
            #else
                let xdg = environment["XDG_DATA_HOME"].flatMap {
                    $0.isEmpty ? nil : URL(fileURLWithPath: $0)
                }
                data = (xdg ?? home.appendingPathComponent(".local/share")).appendingPathComponent(
                    "jupyter")
            #endif
        }
        return data.appendingPathComponent("kernels").appendingPathComponent(name)
    }

    /// The absolute path of the running `airs`, for `kernel.json`'s `argv`.
    public static var currentExecutable: String {
        Bundle.main.executableURL?.resolvingSymlinksInPath().path
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// `kernel.json`: Jupyter starts `executable kernel -f CONNECTION_FILE` and interrupts it
    /// with SIGINT.
    static func kernelJSON(executable: String) -> Data {
        let spec: [String: Any] = [
            "argv": [executable, "kernel", "-f", "{connection_file}"], "display_name": "AIRS",
            "language": KernelInfo.language, "interrupt_mode": "signal",
            "metadata": [String: Any](),
        ]
        let options: JSONSerialization.WritingOptions = [
            .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
        ]
        return (try? JSONSerialization.data(withJSONObject: spec, options: options)) ?? Data()
    }

    /// Writes the kernelspec for `executable` (an absolute path) into `folder`, replacing any.
    public static func install(executable: String, in folder: URL) throws(KernelError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try kernelJSON(executable: executable).write(
                to: folder.appendingPathComponent("kernel.json"), options: .atomic)
            for size in [32, 64] {
                let png = try Logo.png(size: size)
                try Data(png).write(
                    to: folder.appendingPathComponent("logo-\(size)x\(size).png"), options: .atomic)
            }
        } catch {
            throw .kernelSpec(path: folder.path, reason: error.localizedDescription)
        }
    }

    /// Removes the kernelspec in `folder`; false when there was none.
    @discardableResult
    public static func uninstall(from folder: URL) throws(KernelError) -> Bool {
        guard
            FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("kernel.json").path)
        else { return false }
        do {
            try FileManager.default.removeItem(at: folder)
        } catch {
            throw .kernelSpec(path: folder.path, reason: error.localizedDescription)
        }
        return true
    }
}
