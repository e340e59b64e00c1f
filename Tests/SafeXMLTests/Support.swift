import Foundation
import Glibc
import Testing

@testable import SafeXML

/// UTF-8 bytes of a test document.
func utf8(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// Why `SafeXML.parse` rejected the document, or nil when it accepted it.
func rejection(of document: [UInt8], limits: XMLLimits = XMLLimits(), schema: XMLSchema? = nil) -> XMLRejection? {
    do {
        _ = try SafeXML.parse(document, limits: limits, schema: schema)
        return nil
    } catch {
        return error
    }
}

/// Why the reader alone (the second line of defence, behind the gate) rejected the document.
func readerRejection(of document: [UInt8], limits: XMLLimits = XMLLimits()) -> XMLRejection? {
    do {
        _ = try DocumentReader.read(document, limits: limits, schema: nil)
        return nil
    } catch {
        return error
    }
}

/// A temporary folder removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("safexml-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `contents` to `name` in the folder and returns the file's absolute path.
    func write(_ name: String, _ contents: String) throws -> String {
        let file = path + "/" + name
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A canary file: its secret must never come out of the parser, in a result or in an error.
struct Canary {
    let secret = "CANARY-\(UUID().uuidString)"
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = try directory.write("canary.txt", secret)
    }
}

/// A TCP listener on 127.0.0.1 that counts the connections made to it.
///
/// The kernel completes the handshake of a connection into the listen backlog whether or not anyone accepts it,
/// so draining the backlog without blocking after the parse counts every connection the parser opened.
final class LoopbackListener {
    let port: UInt16
    private let socketDescriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ListenerError.system("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            throw ListenerError.system("bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            close(descriptor)
            throw ListenerError.system("getsockname")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        port = UInt16(bigEndian: address.sin_port)
        socketDescriptor = descriptor
    }

    /// Connections made since the last call.
    func connectionsReceived() -> Int {
        var count = 0
        while true {
            let connection = accept(socketDescriptor, nil, nil)
            guard connection >= 0 else { return count }
            close(connection)
            count += 1
        }
    }

    deinit {
        close(socketDescriptor)
    }

    enum ListenerError: Error {
        case system(String)
    }
}
