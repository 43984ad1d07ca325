import Foundation

/// `airs kernel -f FILE`, `airs kernel install [--user | --prefix P]` and
/// `airs kernel uninstall [--user | --prefix P]` (the user's folder when neither is given).
public enum KernelCommand {
    static let usage = """
        usage: airs kernel -f CONNECTION_FILE
               airs kernel install [--user | --prefix P]
               airs kernel uninstall [--user | --prefix P]
        """

    /// Whether these arguments (without the program name) are a `kernel` command.
    public static func handles(_ arguments: [String]) -> Bool { arguments.first == "kernel" }

    /// Runs the command; the exit code (2 with the usage on a bad argument).
    public static func run(_ arguments: [String]) -> Int32 {
        let rest = Array(arguments.dropFirst())
        switch rest.first {
        case "-f" where rest.count == 2:
            return Kernel.serve(connectionFile: rest[1])
        case "install", "uninstall":
            guard let folder = folder(Array(rest.dropFirst())) else { return fail(usage) }
            do {
                if rest[0] == "install" {
                    try KernelSpec.install(executable: KernelSpec.currentExecutable, in: folder)
                    print("installed the AIRS kernelspec in \(folder.path)")
                } else if try KernelSpec.uninstall(from: folder) {
                    print("removed the AIRS kernelspec from \(folder.path)")
                } else {
                    print("no AIRS kernelspec in \(folder.path)")
                }
                return 0
            } catch {
                return fail("airs kernel: \(error)")
            }
        default:
            return fail(usage)
        }
    }

    /// The kernelspec folder the options name; nil for anything else.
    private static func folder(_ options: [String]) -> URL? {
        switch options.count {
        case 0: return KernelSpec.userFolder()
        case 1 where options[0] == "--user": return KernelSpec.userFolder()
        case 2 where options[0] == "--prefix": return KernelSpec.folder(prefix: options[1])
        default: return nil
        }
    }

    private static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return 2
    }
}
