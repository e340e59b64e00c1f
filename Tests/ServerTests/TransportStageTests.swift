import Foundation
import Gateway
import Server
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A bare TCP socket on 127.0.0.1, to stand for a server that refuses, never answers, or hangs up after reading.
final class RawListener: Sendable {
    let fd: Int32
    let port: Int

    /// Bound to a free port; listening only when asked (a bound socket that does not listen refuses connections).
    init(listen: Bool) throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
        }
        guard bound == 0 else {
            close(socketFD)
            throw POSIXError(.EADDRINUSE)
        }
        withUnsafeMutablePointer(to: &address) { pointer in
            _ = pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        if listen { _ = Glibc.listen(socketFD, 16) }
        fd = socketFD
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection on a thread of its own, reads the request, and closes without answering.
    func hangUpAfterReading() {
        let fd = self.fd
        Thread.detachNewThread {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = read(client, &buffer, buffer.count)
            close(client)
        }
    }

    deinit { close(fd) }
}

/// A failed request says whether it can have left: refused before sending is safe to send again (SMS rule S2),
/// a timeout or a hang-up after sending is not. The other adapters still read every failure as transient.
@Suite struct TransportStageTests {
    let request = { (port: Int) in OutboundRequest(url: "http://127.0.0.1:\(port)/v1/messages", body: Array("{}".utf8)) }

    @Test func connectionRefusedIsBeforeSending() async throws {
        let closed = try RawListener(listen: false)
        let transport = HTTPTransport()
        let result = await transport.send(request(closed.port), timeoutMilliseconds: 1_000)
        try await transport.shutdown()
        guard case .failure(_, let stage) = result else { Issue.record("a refused connection answered: \(result)"); return }
        #expect(stage == .beforeSending)
        #expect(HTTPClassification.classify(result) == .transient(status: nil, error: Self.text(result)))
    }

    @Test func aServerThatNeverAnswersIsAfterSending() async throws {
        let silent = try RawListener(listen: true)
        let transport = HTTPTransport()
        let result = await transport.send(request(silent.port), timeoutMilliseconds: 500)
        try await transport.shutdown()
        guard case .failure(_, let stage) = result else { Issue.record("a silent server answered: \(result)"); return }
        #expect(stage == .afterSending)
    }

    @Test func aServerThatHangsUpAfterReadingIsAfterSending() async throws {
        let rude = try RawListener(listen: true)
        rude.hangUpAfterReading()
        let transport = HTTPTransport()
        let result = await transport.send(request(rude.port), timeoutMilliseconds: 5_000)
        try await transport.shutdown()
        guard case .failure(_, let stage) = result else { Issue.record("a closed connection answered: \(result)"); return }
        #expect(stage == .afterSending)
    }

    static func text(_ result: TransportResult) -> String {
        if case .failure(let text, _) = result { return text }
        return ""
    }
}
