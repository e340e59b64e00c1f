import CaseModel

/// Chooses the outbound case that answers a received request: same method and path, and equal values at the
/// case's `match` paths. The most specific case wins (most paths), then the one whose request body differs least.
struct CaseMatcher: Sendable {
    struct Candidate: Sendable {
        let contractCase: ContractCase
        let body: JSONValue?
    }

    enum Choice: Sendable {
        case matched(ContractCase)
        /// Nothing answers; the closest case by method and path, and why it was not taken.
        case unmatched(closest: String?, reason: String)
    }

    let candidates: [Candidate]

    init(system: ContractSystem) throws(ContractError) {
        var candidates: [Candidate] = []
        for contractCase in system.cases where contractCase.direction == .outbound && contractCase.response != nil {
            guard let request = contractCase.request else { continue }
            let bytes = try contractCase.read(request.body)
            // A body that is not JSON (an XML system) can still answer by method and path; it just has no selectors.
            let body = system.format == .json ? try? StrictJSON.parse(bytes) : nil
            candidates.append(Candidate(contractCase: contractCase, body: body))
        }
        self.candidates = candidates
    }

    func choose(method: String, path: String, body: [UInt8]) -> Choice {
        func routes(_ candidate: Candidate) -> Bool {
            guard let request = candidate.contractCase.request else { return false }
            return PathTemplate.matches(request.path, path)
        }
        let sameRoute = candidates.filter { routes($0) && $0.contractCase.request?.method == method }
        guard !sameRoute.isEmpty else {
            let closest = candidates.first(where: routes) ?? candidates.first
            let routes = Set(candidates.compactMap { $0.contractCase.request.map { "\($0.method) \($0.path)" } }).sorted()
            return .unmatched(closest: closest?.contractCase.name,
                              reason: "no case answers \(method) \(path); the contract answers \(routes.joined(separator: ", "))")
        }
        let received = try? StrictJSON.parse(body)
        let fitting = sameRoute.filter { candidate in
            candidate.contractCase.matchPaths.allSatisfy { selector in
                guard let received, let wanted = candidate.body.flatMap({ JSONDiff.value(at: selector, in: $0) }) else {
                    return false
                }
                return JSONDiff.value(at: selector, in: received).map { JSONSchema.same($0, wanted) } ?? false
            }
        }
        func distance(_ candidate: Candidate) -> Int {
            guard let received, let body = candidate.body else { return Int.max }
            return JSONDiff.differences(expected: body, actual: received).count
        }
        guard let best = fitting.min(by: { left, right in
            let (l, r) = (left.contractCase.matchPaths.count, right.contractCase.matchPaths.count)
            return l != r ? l > r : distance(left) < distance(right)
        }) else {
            let closest = sameRoute.min { distance($0) < distance($1) }
            let selectors = Set(sameRoute.flatMap(\.contractCase.matchPaths)).sorted().joined(separator: ", ")
            return .unmatched(closest: closest?.contractCase.name,
                              reason: "no case of \(method) \(path) has the same values at \(selectors)")
        }
        return .matched(best.contractCase)
    }
}
