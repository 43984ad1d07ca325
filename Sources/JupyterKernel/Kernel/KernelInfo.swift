import InteractiveShell

/// The `kernel_info_reply` content: who the kernel is, and the language metadata editors use to
/// highlight `.airs` cells (the same `language_info` as the notebooks `:save` writes).
enum KernelInfo {
    /// The language's name, as `kernel.json`'s `language` and `language_info.name`.
    static let language = "airs"

    static var content: JSONObject {
        [
            "status": "ok", "protocol_version": Message.protocolVersion, "implementation": "airs",
            "implementation_version": "1", "language_info": NotebookFile.languageInfo,
            "banner": "AIRS — distillation for asymmetric image retrieval. :help for commands.",
            "help_links": [] as [Any], "debugger": false,
        ]
    }
}
