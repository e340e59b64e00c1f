import AsyncHTTPClient
import Foundation
import Gateway
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends outbound requests over HTTP with a pooled client, a deadline per attempt and no redirects.
public final class HTTPTransport: Transport {
    private let client: HTTPClient
    /// Bearer tokens per destination URL prefix, read from the environment at start-up.
    private let credentials: [String: String]
    private let maxResponseBytes: Int

    public init(credentials: [String: String] = [:], maxResponseBytes: Int = 1 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.credentials = credentials
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: OutboundRequest, timeoutMilliseconds: Int) async -> TransportResult {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outbound.headers.add(name: name, value: value) }
        if let token = credentials.first(where: { request.url.hasPrefix($0.key) })?.value {
            outbound.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        }
        outbound.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(outbound, timeout: .milliseconds(Int64(timeoutMilliseconds)))
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return .response(status: Int(response.status.code), body: Array(buffer: body))
        } catch {
            // The error's type and case name only: never a URL with credentials, never a payload.
            return .failure(Self.describe(error), stage: Self.stage(of: error))
        }
    }

    /// Whether the request can have left: only errors of connection establishment prove it did not. A request that
    /// waited in the pool until its deadline fails with the last connection error, so it counts as not sent too.
    static func stage(of error: any Error) -> FailureStage {
        switch error {
        case let error as HTTPClientError:
            return error == .connectTimeout || error == .getConnectionFromPoolTimeout ? .beforeSending : .afterSending
        case is NIOConnectionError:
            return .beforeSending
        case ChannelError.connectTimeout(_):
            return .beforeSending
        case let error as IOError:
            return [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) ? .beforeSending : .afterSending
        default:
            return .afterSending
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "HTTP client: \(error.shortDescription)" }
        return "transport: \(type(of: error))"
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }
}

extension HTTPClientError {
    var shortDescription: String {
        switch self {
        case .deadlineExceeded: return "deadline exceeded"
        case .connectTimeout: return "connect timeout"
        case .readTimeout: return "read timeout"
        case .remoteConnectionClosed: return "remote connection closed"
        case .cancelled: return "cancelled"
        default: return String(describing: self).prefix(80).description
        }
    }
}
