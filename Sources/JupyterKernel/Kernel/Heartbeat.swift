import Foundation

/// The heartbeat channel: echoes every ping on its own thread, so a client sees the kernel
/// alive while a cell runs. Ends when the context shuts down.
final class Heartbeat: @unchecked Sendable {
    // Touched only by the heartbeat thread once it starts.
    private let socket: Socket

    init(socket: Socket) { self.socket = socket }

    func start() {
        let thread = Thread { [self] in
            while let ping = socket.receive() { socket.send(ping) }
            socket.close()
        }
        thread.name = "airs-kernel-heartbeat"
        thread.start()
    }
}
