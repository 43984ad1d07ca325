import CZeroMQ
import Foundation

/// One bound ZeroMQ socket, sending and receiving multipart messages as lists of frames. Each
/// socket is used by one thread only (ZeroMQ sockets are not thread-safe).
final class Socket {
    let handle: UnsafeMutableRawPointer
    let endpoint: String
    private var isClosed = false

    /// Creates a socket of `type` (`ZMQ_ROUTER`, `ZMQ_PUB`, `ZMQ_REP`) bound to `endpoint`.
    init(_ context: UnsafeMutableRawPointer, type: Int32, endpoint: String) throws(KernelError) {
        guard let handle = zmq_socket(context, type) else {
            throw .zeroMQ(call: "zmq_socket", endpoint: endpoint, reason: Self.lastError)
        }
        // Replies still queued at shutdown get a second to leave, no more.
        var linger: Int32 = 1000
        zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
        guard zmq_bind(handle, endpoint) == 0 else {
            let reason = Self.lastError
            zmq_close(handle)
            throw .zeroMQ(call: "zmq_bind", endpoint: endpoint, reason: reason)
        }
        self.handle = handle
        self.endpoint = endpoint
    }

    deinit { close() }

    /// Closes the socket (once); the context cannot terminate while a socket is open.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        zmq_close(handle)
    }

    /// Sends `frames` as one multipart message.
    func send(_ frames: [Data]) {
        for (index, frame) in frames.enumerated() {
            let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            frame.withUnsafeBytes { bytes in
                // Retried when a signal (Ctrl-C from the client) interrupts the call.
                while zmq_send(handle, bytes.baseAddress, bytes.count, flags) < 0,
                    zmq_errno() == EINTR
                {}
            }
        }
    }

    /// The next multipart message; nil when the context is shutting down.
    func receive() -> [Data]? {
        var frames: [Data] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        repeat {
            while zmq_msg_recv(&message, handle, 0) < 0 {
                guard zmq_errno() == EINTR else { return nil }
            }
            frames.append(Data(bytes: zmq_msg_data(&message), count: zmq_msg_size(&message)))
        } while zmq_msg_more(&message) != 0
        return frames
    }

    static var lastError: String { String(cString: zmq_strerror(zmq_errno())) }
}

/// Waits until one of `sockets` has a message or `timeout` milliseconds pass (-1: forever);
/// returns the indices of the sockets that are ready (empty after a signal or timeout).
func poll(_ sockets: [Socket], timeout: Int) -> [Int] {
    var items = sockets.map {
        zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
    }
    guard zmq_poll(&items, Int32(items.count), timeout) > 0 else { return [] }
    return items.indices.filter { items[$0].revents & Int16(ZMQ_POLLIN) != 0 }
}
