import ArgumentParser
import Foundation
import JupyterKernel

/// `airs kernel -f FILE`: the Jupyter kernel, as a client starts it from the kernelspec;
/// `airs kernel install` and `airs kernel uninstall` manage that kernelspec.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Serve AIRS as a Jupyter kernel, or install its kernelspec.",
        discussion: "Jupyter runs 'airs kernel -f CONNECTION_FILE' once the kernelspec is installed.",
        subcommands: [KernelInstallCommand.self, KernelUninstallCommand.self])

    @Option(
        name: .customShort("f"),
        help: ArgumentHelp("The connection file Jupyter writes.", valueName: "CONNECTION_FILE"))
    var connectionFile: String?

    func run() throws {
        // Checked here, not in validate(): ArgumentParser validates this parent command for
        // `kernel install` too, which needs no connection file.
        guard let connectionFile else {
            throw ValidationError("give the connection file (-f FILE), or use 'airs kernel install'")
        }
        try finish(with: Kernel.serve(connectionFile: connectionFile))
    }
}

/// Where a kernelspec goes: `--user` (the default) or `--prefix P`, as `jupyter kernelspec` says.
struct KernelSpecLocation: ParsableArguments {
    @Flag(help: "The user's Jupyter data folder (the default).")
    var user = false

    @Option(
        help: ArgumentHelp(
            "P/share/jupyter/kernels/airs, as 'jupyter kernelspec install --prefix'.",
            valueName: "P"))
    var prefix: String?

    func validate() throws {
        if user, prefix != nil { throw ValidationError("give --user or --prefix, not both") }
    }

    /// The kernelspec folder.
    var folder: URL { prefix.map(KernelSpec.folder(prefix:)) ?? KernelSpec.userFolder() }
}

/// `airs kernel install [--user | --prefix P]`.
struct KernelInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write the AIRS kernelspec (kernel.json, logos) where Jupyter finds it.")

    @OptionGroup var location: KernelSpecLocation

    func run() throws {
        try reportingFailures(of: "kernel install") {
            try KernelSpec.install(executable: KernelSpec.currentExecutable, in: location.folder)
            print("installed the AIRS kernelspec in \(location.folder.path)")
            return 0
        }
    }
}

/// `airs kernel uninstall [--user | --prefix P]`.
struct KernelUninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall", abstract: "Remove the AIRS kernelspec.")

    @OptionGroup var location: KernelSpecLocation

    func run() throws {
        try reportingFailures(of: "kernel uninstall") {
            let removed = try KernelSpec.uninstall(from: location.folder)
            print(
                removed
                    ? "removed the AIRS kernelspec from \(location.folder.path)"
                    : "no AIRS kernelspec in \(location.folder.path)")
            return 0
        }
    }
}
