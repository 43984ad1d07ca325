import ArgumentParser

/// `--profile`, shared by `train` and `resume`.
struct ProfileOption: ParsableArguments {
    @Flag(
        help: """
            At the end, log and print where each step's time went on every rank (wall and CPU \
            seconds per phase) and what a step exchanged with the other ranks.
            """)
    var profile = false
}
