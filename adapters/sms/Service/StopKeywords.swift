/// The replies that withdraw consent (SMS rules O6): the whole reply, or its first word, in any case and spacing.
public enum StopKeywords {
    public static let all: Set<String> = [
        "STOP", "ARRET", "ARRÊT", "UNSUBSCRIBE", "END", "QUIT", "STOPALL", "REVOKE", "OPTOUT", "CANCEL", "REMOVE", "TD",
    ]

    public static func isStop(_ reply: String) -> Bool {
        let words = reply.uppercased().split(whereSeparator: { !$0.isLetter })
        guard let first = words.first else { return false }
        return all.contains(String(first))
    }
}
