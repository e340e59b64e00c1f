import Crypto
import Foundation
import Synchronization

/// Console sign-ins: a browser exchanges its token once for an HttpOnly, SameSite=Strict session cookie;
/// each session carries its own anti-forgery token for forms.
final class ConsoleSessions: Sendable {
    struct Session: Sendable {
        var client: Client
        var csrf: String
        var expires: Date
    }

    private let sessions = Mutex<[String: Session]>([:])
    private let lifetime: TimeInterval = 8 * 3_600

    /// Opens a session; returns its id (the cookie value).
    func open(for client: Client, now: Date) -> (id: String, session: Session) {
        let session = Session(client: client, csrf: Self.random(), expires: now.addingTimeInterval(lifetime))
        let id = Self.random()
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expires > now }
            sessions[id] = session
        }
        return (id, session)
    }

    func session(id: String?, now: Date) -> Session? {
        guard let id else { return nil }
        return sessions.withLock { sessions in
            guard let session = sessions[id], session.expires > now else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    func close(id: String?) {
        guard let id else { return }
        sessions.withLock { $0[id] = nil }
    }

    /// 256 random bits as hex.
    static func random() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.map { String(format: "%02x", $0) }.joined()
    }
}
