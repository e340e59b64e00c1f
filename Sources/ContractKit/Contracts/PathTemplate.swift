/// A case's request path, where a `{name}` segment stands for any one non-empty segment (an id the gateway chose).
enum PathTemplate {
    /// The part before the first `{name}` segment, without its trailing slash: the destination URL the adapter
    /// appends its ids to (`/placements/{placementRef}` → `/placements`). The whole path when there is none.
    static func fixedPrefix(_ template: String) -> String {
        guard let brace = template.firstIndex(of: "{") else { return template }
        var prefix = template[..<brace]
        if prefix.hasSuffix("/") { prefix.removeLast() }
        return String(prefix)
    }

    static func matches(_ template: String, _ path: String) -> Bool {
        let wanted = template.split(separator: "/", omittingEmptySubsequences: false)
        let got = path.split(separator: "/", omittingEmptySubsequences: false)
        guard wanted.count == got.count else { return false }
        return zip(wanted, got).allSatisfy { pattern, segment in
            pattern.hasPrefix("{") && pattern.hasSuffix("}") ? !segment.isEmpty : pattern == segment
        }
    }
}
