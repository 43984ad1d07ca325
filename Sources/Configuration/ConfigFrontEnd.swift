/// Who handed a config its file and overrides, so that messages use that front end's words:
/// `--cfg` and argument numbers on the command line, the function's name in a script or the
/// shell.
public enum ConfigFrontEnd: Sendable, Hashable {
    /// `airs train --cfg FILE KEY VALUE …`.
    case commandLine
    /// A script or shell call such as `train(path, {"SOLVER.BASE_LR": 0.02})`: `function`
    /// is its name (`train`).
    case script(function: String)
}
