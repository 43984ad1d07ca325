import Foundation
import InteractiveShell
import ScriptLanguage

extension Kernel {
    /// Routes the shell's output to IOPub: printed lines as `stdout` streams the moment they are
    /// printed, a cell's value as `execute_result`, pictures as `display_data`, and a running
    /// epoch's progress as one display updated in place.
    func connectShell() {
        shell.write = { [unowned self] line in
            publish("stream", ["name": "stdout", "text": line + "\n"])
        }
        shell.showResult = { [unowned self] number, value in
            publish(
                "execute_result",
                [
                    "execution_count": number, "data": Self.bundle(of: value),
                    "metadata": JSONObject(),
                ])
        }
        shell.showPicture = { [unowned self] png in
            publish(
                "display_data",
                [
                    "data": [
                        "image/png": Data(png).base64EncodedString(),
                        "text/plain": "<picture: \(png.count) bytes of PNG>",
                    ],
                    "metadata": JSONObject(),
                ])
        }
        shell.showProgress = { [unowned self] line in
            let id = progressDisplay ?? UUID().uuidString.lowercased()
            let type = progressDisplay == nil ? "display_data" : "update_display_data"
            progressDisplay = id
            publish(
                type,
                [
                    "data": ["text/plain": line], "metadata": JSONObject(),
                    "transient": ["display_id": id],
                ])
        }
    }

    /// Runs a cell as the shell would (code or a `:meta-command`); the `execute_reply` content.
    /// A `silent` request runs without publishing its input or outputs.
    func execute(_ request: Message) -> JSONObject {
        let code = request.content["code"] as? String ?? ""
        isSilent = request.content["silent"] as? Bool ?? false
        defer { isSilent = false }
        let count = shell.nextCellNumber
        publish("execute_input", ["code": code, "execution_count": count])
        var failure: String?
        progressDisplay = nil
        shell.showError = { failure = $0 }
        shell.handle(code)
        shell.showError = nil
        guard let failure else {
            return [
                "status": "ok", "execution_count": count, "user_expressions": JSONObject(),
                "payload": [] as [Any],
            ]
        }
        let name = "AIRSError"
        let value = failure.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? failure
        let error: JSONObject = [
            "ename": name, "evalue": value, "traceback": failure.components(separatedBy: "\n"),
        ]
        publish("error", error)
        return error.merging(["status": "error", "execution_count": count]) { $1 }
    }

    /// `text/plain` (the value as the shell shows it: a tensor's or embeddings' summary), plus
    /// `text/markdown` for values with a table (evaluation results, losses).
    static func bundle(of value: Value) -> JSONObject {
        var data: JSONObject = ["text/plain": value.repr]
        if case .host(let object) = value, let markdown = object.markdown {
            data["text/markdown"] = markdown
        }
        return data
    }
}
