/// The `kernel_info_reply` content: who the kernel is and the language metadata editors use to
/// highlight `.airs` cells (Python's modes read the language well: same comments, strings,
/// keywords such as `for`, `in`, `if`, `return`).
enum KernelInfo {
    /// The language's name, as `kernel.json`'s `language` and `language_info.name`.
    static let language = "airs"

    static var languageInfo: JSONObject {
        [
            "name": language, "version": "1", "mimetype": "text/x-airs", "file_extension": ".airs",
            "codemirror_mode": "python", "pygments_lexer": "python",
        ]
    }

    static var content: JSONObject {
        [
            "status": "ok", "protocol_version": Message.protocolVersion, "implementation": "airs",
            "implementation_version": "1", "language_info": languageInfo,
            "banner": "AIRS — distillation for asymmetric image retrieval. :help for commands.",
            "help_links": [] as [Any], "debugger": false,
        ]
    }
}
