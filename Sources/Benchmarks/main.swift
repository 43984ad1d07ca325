import Foundation
import TensorEngine

// `airs-bench SUBCOMMAND [OPTIONS]`: one figure per line, the main one last as name=value.
LaunchEnvironment.relaunchUnlessSet()
if let notice = CPUFeatures.current.openBLASCoreTypeNotice(environment: ProcessInfo.processInfo.environment) {
    FileHandle.standardError.write(Data((notice + "\n").utf8))
}
AIRSBench.main()
