import Foundation
import ScriptLanguage

/// `save_session(name)`: what `:save NAME` does, callable from a script (`airs run`), where
/// there is no shell to type a meta-command into.
enum SessionFunctions {
    /// Registers `save_session`; `folder` and `cells` give, when it is called, where sessions
    /// go and the notebook to save with the interpreter's variables.
    static func install(in interpreter: Interpreter, folder: @escaping () -> URL, cells: @escaping () -> [NotebookCell])
    {
        _ = PersistableBindings.registered
        interpreter.register([
            NativeFunction(
                "save_session", [Parameter("name")],
                doc:
                    "Saves the variables (runs and models as checkpoints) and the notebook as Sessions/NAME, as :save NAME does; returns the folder."
            ) { args in
                let name = try SessionStore.validated(try args.string(0))
                let store = SessionStore(folder: folder())
                try store.save(interpreter: args.interpreter, cells: cells(), as: name)
                return .string(store.folder.appendingPathComponent(name).path)
            }
        ])
    }
}
