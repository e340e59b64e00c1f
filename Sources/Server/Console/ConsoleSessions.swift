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
        /// The outcome of the last form, shown once on the next page (post, redirect, get).
        var flash: Flash?
    }

    /// A one-time message after a form: what was done, or why it was refused.
    struct Flash: Sendable, Equatable {
        var text: String
        var refused: Bool
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

    /// Keeps `flash` for the session's next page.
    func leave(_ flash: Flash, for id: String?) {
        guard let id else { return }
        sessions.withLock { $0[id]?.flash = flash }
    }

    /// The session's pending message, removed as it is read.
    func takeFlash(id: String?) -> Flash? {
        guard let id else { return nil }
        return sessions.withLock { sessions in
            defer { sessions[id]?.flash = nil }
            return sessions[id]?.flash
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
