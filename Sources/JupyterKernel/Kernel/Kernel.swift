import CZeroMQ
import Foundation
import InteractiveShell
import Training

/// A Jupyter kernel (messaging protocol 5.3) over the AIRS shell: the same interpreter, cells,
/// meta-commands, completion, help and sessions, with output sent to the notebook as it is
/// printed. Requests run one at a time on the calling thread; the heartbeat echoes on its own.
///
/// ```swift
/// let kernel = try Kernel(connection: ConnectionInfo(contentsOf: path))
/// exit(kernel.run())
/// ```
public final class Kernel {
    let signer: MessageSigner
    let session = UUID().uuidString.lowercased()
    let shell: Shell
    private let context: UnsafeMutableRawPointer
    private let shellSocket: Socket
    private let controlSocket: Socket
    private let stdinSocket: Socket
    let iopub: Socket
    /// The request whose outputs are being published.
    var parent: Message?
    /// The display that the running cell's progress line redraws, once it has one.
    var progressDisplay: String?
    /// Whether the running execution was asked to be `silent`.
    var isSilent = false
    private var isRunning = true
    private var isClosed = false
    /// Receives the kernel's own log lines (refused messages); standard error by default.
    public var log: (String) -> Void = {
        FileHandle.standardError.write(Data(("airs kernel: " + $0 + "\n").utf8))
    }

    /// Binds the five sockets of `connection` and opens a shell whose sessions live in
    /// `sessionsFolder`.
    public init(connection: ConnectionInfo, sessionsFolder: URL = Shell.defaultSessionsFolder())
        throws(KernelError)
    {
        guard let context = zmq_ctx_new() else {
            throw .zeroMQ(call: "zmq_ctx_new", endpoint: "-", reason: Socket.lastError)
        }
        self.context = context
        signer = MessageSigner(key: connection.key)
        do {
            shellSocket = try Socket(
                context, type: ZMQ_ROUTER, endpoint: connection.endpoint(connection.shellPort))
            controlSocket = try Socket(
                context, type: ZMQ_ROUTER, endpoint: connection.endpoint(connection.controlPort))
            stdinSocket = try Socket(
                context, type: ZMQ_ROUTER, endpoint: connection.endpoint(connection.stdinPort))
            iopub = try Socket(
                context, type: ZMQ_PUB, endpoint: connection.endpoint(connection.iopubPort))
            let heartbeat = try Socket(
                context, type: ZMQ_REP, endpoint: connection.endpoint(connection.heartbeatPort))
            Heartbeat(socket: heartbeat).start()
        } catch {
            zmq_ctx_shutdown(context)
            throw error
        }
        shell = Shell(sessionsFolder: sessionsFolder)
        connectShell()
    }

    deinit { close() }

    /// `airs kernel -f FILE`: serves the connection file at `path` until a shutdown; the exit
    /// code (2, with the reason on standard error, when the kernel cannot start).
    public static func serve(connectionFile path: String) -> Int32 {
        do {
            return try Kernel(connection: ConnectionInfo(contentsOf: path)).run()
        } catch {
            FileHandle.standardError.write(Data("airs kernel: \(error)\n".utf8))
            return 2
        }
    }

    /// Serves requests until a `shutdown_request`; returns the exit code.
    public func run() -> Int32 {
        InterruptFlag.installForShell()
        // Clients end a kernel that does not answer with SIGTERM; a test runner or IDE may have
        // started us with it blocked, as with SIGINT.
        var terminate = sigset_t()
        sigemptyset(&terminate)
        sigaddset(&terminate, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &terminate, nil)
        defer { close() }
        publish("status", ["execution_state": "starting"])
        while isRunning {
            // Control first: a shutdown or interrupt must not queue behind cells.
            let sockets = [controlSocket, shellSocket, stdinSocket]
            for index in poll(sockets, timeout: -1) where isRunning {
                guard let frames = sockets[index].receive() else { return 1 }
                serve(frames, on: sockets[index])
            }
        }
        return 0
    }

    private func serve(_ frames: [Data], on socket: Socket) {
        let request: Message
        switch Message.decode(frames, signer: signer) {
        case .success(let message): request = message
        case .failure(let rejection):
            log(rejection.description)
            return
        }
        parent = request
        publish("status", ["execution_state": "busy"])
        defer { publish("status", ["execution_state": "idle"]) }
        switch request.type {
        case "kernel_info_request": reply(to: request, on: socket, KernelInfo.content)
        case "execute_request": reply(to: request, on: socket, execute(request))
        case "complete_request": reply(to: request, on: socket, complete(request.content))
        case "inspect_request": reply(to: request, on: socket, inspect(request.content))
        case "is_complete_request": reply(to: request, on: socket, isComplete(request.content))
        case "comm_info_request":
            reply(to: request, on: socket, ["status": "ok", "comms": JSONObject()])
        case "history_request":
            reply(to: request, on: socket, ["status": "ok", "history": [] as [Any]])
        case "interrupt_request":
            InterruptFlag.request()
            reply(to: request, on: socket, ["status": "ok"])
        case "shutdown_request":
            let restart = request.content["restart"] as? Bool ?? false
            reply(to: request, on: socket, ["status": "ok", "restart": restart])
            isRunning = false
        default:
            log("ignored a \(request.type.isEmpty ? "message without msg_type" : request.type)")
        }
    }

    /// Sends the `_reply` of `request` on the socket it came from.
    private func reply(to request: Message, on socket: Socket, _ content: JSONObject) {
        let type = request.type.replacingOccurrences(of: "_request", with: "_reply")
        socket.send(
            Message(type: type, session: session, content: content, parent: request).frames(
                signer: signer))
    }

    /// Broadcasts a message on IOPub, as a child of the request being served.
    /// A `silent` execution publishes nothing but its status.
    func publish(_ type: String, _ content: JSONObject) {
        guard !isSilent || type == "status" else { return }
        var message = Message(type: type, session: session, content: content, parent: parent)
        // IOPub subscribers are not ROUTER peers: the topic frame replaces the identities.
        message.identities = []
        iopub.send([Data(type.utf8)] + message.frames(signer: signer))
    }

    /// Closes every socket (once); the heartbeat thread closes its own when the context shuts
    /// down, and terminating the context waits for that and for queued replies.
    private func close() {
        guard !isClosed else { return }
        isClosed = true
        for socket in [shellSocket, controlSocket, stdinSocket, iopub] { socket.close() }
        zmq_ctx_shutdown(context)
        zmq_ctx_term(context)
    }
}
