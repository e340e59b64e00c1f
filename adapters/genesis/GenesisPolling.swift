import Foundation
import Gateway

/// Where and how often the gateway reads GENESIS's feed, from the adapter's settings.
public struct GenesisPolling: Sendable, Equatable {
    /// GENESIS's base URL; nil when the adapter is only used to read documents (contract replay).
    public var url: String?
    public var token: Secret?
    public var pollIntervalMilliseconds: Int
    public var pageSize: Int
    public var backoffBaseMilliseconds: Int
    public var backoffMaxMilliseconds: Int
    public var timeoutMilliseconds: Int
    /// The instant to read from when no cursor is stored, as written in the settings.
    public var resyncFrom: String?

    public init(url: String? = nil, token: Secret? = nil, pollIntervalMilliseconds: Int = 5000, pageSize: Int = 500,
                backoffBaseMilliseconds: Int = 1000, backoffMaxMilliseconds: Int = 60000, timeoutMilliseconds: Int = 10000,
                resyncFrom: String? = nil) {
        self.url = url
        self.token = token
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
        self.pageSize = pageSize
        self.backoffBaseMilliseconds = backoffBaseMilliseconds
        self.backoffMaxMilliseconds = backoffMaxMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.resyncFrom = resyncFrom
    }

    init(_ settings: AdapterSettings) throws(AdapterSettingsError) {
        func positive(_ name: String, _ fallback: Int, max: Int = Int.max) throws(AdapterSettingsError) -> Int {
            let value = try settings.int(name) ?? fallback
            guard value > 0, value <= max else {
                throw AdapterSettingsError(adapter: "genesis", message: "\"\(name)\" must be between 1 and \(max)")
            }
            return value
        }
        if let url = settings.string("url") {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw AdapterSettingsError(adapter: "genesis", message: "\"url\" must start with http:// or https://")
            }
        }
        if let since = settings.string("resync_from"), InstantText.parse(since) == nil {
            throw AdapterSettingsError(adapter: "genesis",
                                       message: "\"resync_from\" must be an instant such as 2026-11-02T00:00:00+01:00")
        }
        self.init(url: settings.string("url").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
                  token: settings.secret("token"),
                  pollIntervalMilliseconds: try positive("poll_interval_ms", 5000),
                  pageSize: try positive("page_size", 500, max: 1000),
                  backoffBaseMilliseconds: try positive("backoff_base_ms", 1000),
                  backoffMaxMilliseconds: try positive("backoff_max_ms", 60000),
                  timeoutMilliseconds: try positive("timeout_ms", 10000),
                  resyncFrom: settings.string("resync_from"))
    }

    /// The request for the page after `cursor`, or from `since` (an instant) after a re-sync, or the very first.
    public func pageRequest(cursor: String?, since: String?) -> OutboundRequest? {
        guard let url else { return nil }
        var query = ["taille=\(pageSize)"]
        if let cursor {
            query.append("curseur=\(Self.escape(cursor))")
        } else if let since = since ?? resyncFrom {
            query.append("depuis=\(Self.escape(since))")
        }
        return OutboundRequest(method: "GET", url: "\(url)/mouvements?\(query.joined(separator: "&"))",
                               headers: headers, body: [])
    }

    /// The request for the fiche pénale of the person holding this écrou number.
    public func ficheRequest(numeroEcrou: String) -> OutboundRequest? {
        guard let url else { return nil }
        return OutboundRequest(method: "GET", url: "\(url)/fiches/\(Self.escape(numeroEcrou))", headers: headers, body: [])
    }

    private var headers: [(String, String)] {
        var headers = [("Accept", "application/xml")]
        if let token { headers.append(("Authorization", "Bearer \(token.reveal())")) }
        return headers
    }

    private static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
