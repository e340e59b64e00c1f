import Foundation
import Gateway
import SMSAdapter
import Synchronization

/// The delivery workers' transport: `local:sms` requests go to the in-process SMS service, every other URL over HTTP.
final class LocalTransport: Transport {
    private let http: HTTPTransport
    private let sms = Mutex<SMSService?>(nil)

    init(http: HTTPTransport) {
        self.http = http
    }

    /// Set once at start-up, after the service that needs the engine (which needs this transport) is built.
    func attach(_ service: SMSService) {
        sms.withLock { $0 = service }
    }

    func send(_ request: OutboundRequest, timeoutMilliseconds: Int) async -> TransportResult {
        guard request.url.hasPrefix(SMSAdapter.localScheme) else {
            return await http.send(request, timeoutMilliseconds: timeoutMilliseconds)
        }
        guard request.url == SMSAdapter.localScheme + "sms", let service = sms.withLock({ $0 }) else {
            return .response(status: 503, body: Array("no in-process service answers \(request.url)".utf8))
        }
        return await service.intake(request.body)
    }
}
