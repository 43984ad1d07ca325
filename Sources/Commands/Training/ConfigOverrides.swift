import ArgumentParser

/// The `KEY VALUE …` pairs that follow a command's options and override its config file.
struct ConfigOverrides: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Pairs that override the config file, e.g. SOLVER.MAX_EPOCHS 2.", valueName: "KEY VALUE"))
    var pairs: [String] = []
}
