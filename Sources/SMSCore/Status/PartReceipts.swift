/// The state of a concatenated message from the receipts of its parts (SMS rules R3): delivered only when every
/// part is, and any failed part wins over delivered ones (a later good part never hides an earlier failure).
public enum PartReceipts {
    /// `parts[i]` is the latest receipt of part i, nil if none came yet; nil when no part has a receipt.
    public static func combined(_ parts: [ReceiptStatus?]) -> ReceiptStatus? {
        let known = parts.compactMap { $0 }
        guard !known.isEmpty else { return nil }
        for failure in [ReceiptStatus.optedOut, .undeliverable, .expired, .failedTemporary] where known.contains(failure) {
            return failure
        }
        if known.count == parts.count, known.allSatisfy({ $0 == .delivered }) { return .delivered }
        // Otherwise the message is as far as its slowest part; a part without a receipt is only accepted.
        let slowest = parts.map { $0 ?? .accepted }.min { ($0.status.rank ?? 0) < ($1.status.rank ?? 0) }
        return slowest == .delivered ? .unknown : slowest
    }
}
