import Foundation

/// The built `airs` executable, run as a child process: with pipes, or attached to a
/// pseudo-terminal opened with `posix_openpt` (no fork in Swift: Foundation's `Process` spawns it).
enum AirsProcess {
    /// `$AIRS_BINARY`, or `.build/debug/airs` under the package root.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["AIRS_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/airs")
    }

    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `airs arguments` in `directory` with `input` on a pipe as standard input.
    static func run(_ arguments: [String], in directory: URL, input: String = "") throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self))
    }
}

/// `airs` on a pseudo-terminal: type into it and wait for what it shows.
final class TerminalSession {
    let process = Process()
    private let master: Int32
    private(set) var screen = ""

    init(arguments: [String] = [], in directory: URL, environment: [String: String]) throws {
        master = PseudoTerminal.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PseudoTerminal.grantpt(master) == 0, PseudoTerminal.unlockpt(master) == 0,
            let name = PseudoTerminal.ptsname(master)
        else {
            throw CocoaError(.fileReadUnknown)
        }
        let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw CocoaError(.fileReadUnknown) }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = AirsProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count - 1) }
    }

    /// Ctrl-D at an empty prompt. libedit prints the prompt a moment before its first read, and a
    /// Ctrl-D arriving in that gap is lost, so the key goes in after a pause.
    func endOfInput() {
        Thread.sleep(forTimeInterval: 0.3)
        type("\u{4}")
    }

    /// Reads until the screen (since the last `expect`) contains `text`; returns what arrived.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            if let range = screen.range(of: text) {
                let seen = String(screen[..<range.upperBound])
                screen = String(screen[range.upperBound...])
                return seen
            }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            screen += String(decoding: buffer[..<count], as: UTF8.self)
        }
        return nil
    }

    /// Waits for the process to end; its exit status, or nil if it is still running after `timeout`.
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            expect("\u{0}", timeout: 0.1)
        }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// The POSIX pseudo-terminal calls, looked up at run time: Swift's Glibc module leaves them out
/// (they sit behind `_XOPEN_SOURCE`).
enum PseudoTerminal {
    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
            preconditionFailure("libc has no \(name)")
        }
        return unsafeBitCast(pointer, to: type)
    }

    static let openpt = symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grantpt = symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlockpt = symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let ptsname = symbol("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
}
