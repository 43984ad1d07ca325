// Fuzz target for the language: lexes, parses, resolves and runs (with a step limit) arbitrary
// bytes. Built by Scripts/fuzz-language.sh with `-sanitize=fuzzer -DFUZZING`, `main` runs
// libFuzzer's driver; in a normal build `main` replays inputs given as file paths, so a crash
// the fuzzer found can be rerun under the debugger (`--show` prints output and diagnostics and
// lifts the step limit, which makes it a handy script runner for timing the interpreter).
import ScriptLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one input through every stage; any crash or hang here is a bug.
func exercise(_ bytes: UnsafeBufferPointer<UInt8>, show: Bool = false) {
    let source = String(decoding: bytes, as: UTF8.self)
    let interpreter = Interpreter(output: { if show { print($0) } })
    if !show { interpreter.stepLimit = 10_000 }
    _ = interpreter.check(source: source, file: "<fuzz>")
    for result in interpreter.runCells(source: source, file: "<fuzz>") {
        let error = result.error?.description
        let value = result.value?.repr
        if show, let value { print("=> \(value)") }
        if show, let error { print(error) }
    }
}

/// libFuzzer's per-input callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    exercise(UnsafeBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
    // SwiftPM links an executable's `main` to this target's `@main`, so libFuzzer's own `main` is not
    // used; the `@main` below hands control to libFuzzer's driver instead.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif

@main
enum FuzzMain {
    static func main() {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        #else
            replay(CommandLine.arguments.dropFirst())
        #endif
    }

    /// Runs each file through `exercise`; `--show` prints output and diagnostics.
    static func replay(_ arguments: ArraySlice<String>) {
        let show = arguments.contains("--show")
        for path in arguments where path != "--show" {
            guard let file = fopen(path, "rb") else {
                print("cannot open \(path)")
                continue
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = fread(&buffer, 1, buffer.count, file)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            fclose(file)
            bytes.withUnsafeBufferPointer { exercise($0, show: show) }
            print("ok: \(path)")
        }
    }
}
