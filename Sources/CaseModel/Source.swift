/// The system and site that sent a message, e.g. APPI at `SPIP 57`.
public struct Source: Codable, Sendable, Hashable {
    public var system: SystemCode
    public var site: String

    public init(system: SystemCode, site: String) {
        self.system = system
        self.site = site
    }
}
