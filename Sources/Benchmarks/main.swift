import TensorEngine

// `airs-bench SUBCOMMAND [OPTIONS]`: one figure per line, the main one last as name=value.
LaunchEnvironment.relaunchUnlessSet()
AIRSBench.main()
