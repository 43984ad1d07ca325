let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "eval" {
    try runEvalCommand(Array(arguments.dropFirst()))
} else {
    print("airs-bench")
}
