import CaseModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SafeXML
import Synchronization

/// A stand-in for GENESIS, which does not push: it serves its movements feed page by page from an opaque cursor
/// (`GET /genesis/mouvements?taille=N&curseur=C`, or `&depuis=INSTANT` after a re-sync) and the fiche pénale of a
/// person (`GET /genesis/fiches/{numéro d'écrou}`), from data files or movements given in code. It can be made to
/// fail or to stall (`StubFaults`: `error=100%:503`, `hang`, `latency=…`), and to forget every cursor it gave, so
/// that the next request gets the expired-cursor answer.
///
/// Data folder: one movement per `*.xml` file (a movement element of the contract, e.g. `<ecrou xmlns=…>`), served
/// in file-name order; `fiches/<numéro>.xml` for a fiche as it should be served. A person without a fiche file gets
/// one made from their movements (identity, écrou numbers, a detention title, no conviction).
public final class GenesisFeedStub: Sendable {
    /// One movement of the feed.
    public struct Movement: Sendable, Equatable {
        public var id: String
        public var type: CustodyMovementType
        /// As written on the wire, with its offset.
        public var at: String
        public var numeroEcrou: String
        public var nom: String
        public var prenoms: String
        public var dateNaissance: String
        public var etablissement: String
        /// Transfer: where to, and the new écrou number there if any.
        public var destination: String?
        public var nouveauNumeroEcrou: String?
        /// Return: the movement it ends (a hospitalisation or an escape).
        public var ends: String?
        /// The element exactly as a data file wrote it; served as is instead of being made from the fields.
        public var wire: String?

        public init(id: String, type: CustodyMovementType, at: String, numeroEcrou: String, nom: String, prenoms: String,
                    dateNaissance: String, etablissement: String, destination: String? = nil,
                    nouveauNumeroEcrou: String? = nil, ends: String? = nil, wire: String? = nil) {
            self.id = id
            self.type = type
            self.at = at
            self.numeroEcrou = numeroEcrou
            self.nom = nom
            self.prenoms = prenoms
            self.dateNaissance = dateNaissance
            self.etablissement = etablissement
            self.destination = destination
            self.nouveauNumeroEcrou = nouveauNumeroEcrou
            self.ends = ends
            self.wire = wire
        }
    }

    /// One detainee: their first movement, and their écrou number now if a transfer gave them another.
    private struct Person {
        var first: Movement
        var current: (numero: String, etablissement: String, at: String)?
    }

    private struct State {
        var movements: [Movement] = []
        var instants: [Date] = []
        /// Every écrou number given so far, to the person holding it.
        var holders: [String: Int] = [:]
        var persons: [Person] = []
        var fiches: [String: [UInt8]] = [:]
        var faults: StubFaults
        var random: SeededRandom
        /// Bumped to forget every cursor given so far.
        var generation = 0
        var resyncFrom = "1970-01-01T00:00:00Z"
        var stopping = false
        var requests = 0
    }

    static let namespace = "urn:fr:justice:genesis:detention:v1"
    private let state: Mutex<State>
    private let runner = ServerRunner()
    /// Printed at start-up: the same seed draws the same faults in the same order.
    public let seed: UInt64

    public init(movements: [Movement] = [], fiches: [String: [UInt8]] = [:], faults: StubFaults = .none,
                seed: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        self.seed = seed
        state = Mutex(State(fiches: fiches, faults: faults, random: SeededRandom(seed: seed)))
        append(movements)
    }

    /// Reads the data folder (see the type's documentation).
    public convenience init(folder: URL, faults: StubFaults = .none) throws(ContractError) {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".xml") }.sorted()
        guard !files.isEmpty else {
            throw ContractError("GENESIS stub: no movement files (*.xml) in \(folder.path)")
        }
        var movements: [Movement] = []
        for file in files {
            movements.append(try Self.movement(reading: folder.appendingPathComponent(file)))
        }
        var fiches: [String: [UInt8]] = [:]
        let ficheFolder = folder.appendingPathComponent("fiches")
        for file in ((try? FileManager.default.contentsOfDirectory(atPath: ficheFolder.path)) ?? []) where file.hasSuffix(".xml") {
            if let data = FileManager.default.contents(atPath: ficheFolder.appendingPathComponent(file).path) {
                fiches[String(file.dropLast(4))] = Array(data)
            }
        }
        self.init(movements: movements, fiches: fiches, faults: faults)
    }

    /// Movements served so far and waiting.
    public var count: Int { state.withLock { $0.movements.count } }
    /// Requests answered or failed on purpose.
    public var requests: Int { state.withLock { $0.requests } }

    /// Adds movements at the end of the feed.
    public func append(_ movements: [Movement]) {
        let instants = movements.map { Self.instant($0.at) ?? Date(timeIntervalSince1970: 0) }
        state.withLock { state in
            state.movements += movements
            state.instants += instants
            for movement in movements {
                let person = state.holders[movement.numeroEcrou] ?? {
                    state.persons.append(Person(first: movement))
                    return state.persons.count - 1
                }()
                state.holders[movement.numeroEcrou] = person
                if let new = movement.nouveauNumeroEcrou, let destination = movement.destination {
                    state.holders[new] = person
                    state.persons[person].current = (new, destination, movement.at)
                }
            }
        }
    }

    /// Serves this fiche for the écrou number from now on, instead of the one made from the movements.
    public func setFiche(numeroEcrou: String, _ bytes: [UInt8]) {
        state.withLock { $0.fiches[numeroEcrou] = bytes }
    }

    /// Replaces the faults injected in every answer (`.none` to stop failing).
    public func setFaults(_ faults: StubFaults) {
        state.withLock { $0.faults = faults }
    }

    /// Forgets every cursor given so far: their next use gets `curseurExpire` with this instant to read again from.
    public func expireCursors(resyncFrom instant: String) {
        state.withLock {
            $0.generation += 1
            $0.resyncFrom = instant
        }
    }

    /// Starts listening; returns the bound port.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let router = Router(context: StubRequestContext.self)
        router.get("/genesis/mouvements") { request, _ in try await self.faulted { self.page(request) } }
        router.get("/genesis/fiches/:numero") { _, context in
            try await self.faulted { self.fiche(context.parameters.get("numero") ?? "") }
        }
        return try await runner.start(router: router, host: host, port: port, logger: Logger(label: "passerelle.stub.genesis"))
    }

    /// Stops listening; requests left stalling are let go first.
    public func stop() async {
        state.withLock { $0.stopping = true }
        await runner.stop()
    }

    public func wait() async throws {
        try await runner.wait()
    }

    private func faulted(_ answer: () -> Response) async throws -> Response {
        let plan = state.withLock { state in
            state.requests += 1
            return state.faults.plan(using: &state.random)
        }
        if plan.delay > 0 { try await Task.sleep(for: .milliseconds(plan.delay)) }
        switch plan.action {
        case .answer, .truncate:
            return answer()
        case .error(let status):
            return Self.xml(status, "<erreur>fault injected on purpose</erreur>")
        case .reset:
            throw HTTPError(.serviceUnavailable)
        case .hang(let milliseconds):
            let deadline = ContinuousClock.now + .milliseconds(milliseconds)
            while ContinuousClock.now < deadline, !state.withLock({ $0.stopping }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            throw HTTPError(.serviceUnavailable)
        }
    }

    private func page(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        let size = query.get("taille").flatMap(Int.init).map { min(max($0, 1), 1000) } ?? 100
        return state.withLock { state in
            let header = "<entete><emetteur>GENESIS</emetteur><genereLe>\(Self.now())</genereLe></entete>"
            var start = 0
            var asked: String?
            if let cursor = query.get("curseur") {
                let parts = cursor.dropFirst().split(separator: "-")
                guard cursor.hasPrefix("c"), parts.count == 2, let generation = Int(parts[0]), let offset = Int(parts[1]),
                      offset >= 0, offset <= state.movements.count else {
                    return Self.xml(400, "<erreur>unknown cursor</erreur>")
                }
                guard generation == state.generation else {
                    return Self.xml(200, "<curseurExpire xmlns=\"\(Self.namespace)\" version=\"1\">\(header)"
                        + "<curseurDemande>\(cursor)</curseurDemande>"
                        + "<resynchroniserDepuis>\(state.resyncFrom)</resynchroniserDepuis></curseurExpire>")
                }
                start = offset
                asked = cursor
            } else if let since = query.get("depuis") {
                guard let instant = Self.instant(since) else { return Self.xml(400, "<erreur>bad instant</erreur>") }
                start = state.instants.firstIndex { $0 >= instant } ?? state.movements.count
            }
            let end = min(start + size, state.movements.count)
            let next = "c\(state.generation)-\(String(format: "%012d", end))"
            var body = "<pageMouvements xmlns=\"\(Self.namespace)\" version=\"1\">\(header)"
            if let asked { body += "<curseurDemande>\(asked)</curseurDemande>" }
            body += "<curseurSuivant>\(next)</curseurSuivant><dernierePage>\(end == state.movements.count)</dernierePage><mouvements>"
            for movement in state.movements[start..<end] { body += Self.render(movement) }
            return Self.xml(200, body + "</mouvements></pageMouvements>")
        }
    }

    private func fiche(_ numero: String) -> Response {
        state.withLock { state in
            if let file = state.fiches[numero] {
                return Response(status: .ok, headers: [.contentType: "application/xml"],
                                body: .init(byteBuffer: ByteBuffer(bytes: file)))
            }
            guard let holder = state.holders[numero] else {
                return Self.xml(404, "<erreur>unknown numéro d'écrou</erreur>")
            }
            let initial = state.persons[holder].first
            let current = state.persons[holder].current
            let person = "<identite><nom>\(Self.escape(initial.nom))</nom><prenoms>\(Self.escape(initial.prenoms))</prenoms>"
                + "<dateNaissance>\(initial.dateNaissance)</dateNaissance></identite>"
            var ecrous = ""
            if let current {
                ecrous = Self.ecrou("initial", initial.numeroEcrou, initial.etablissement, initial.at)
                    + Self.ecrou("actuel", current.numero, current.etablissement, current.at)
            } else {
                ecrous = Self.ecrou("initial-et-actuel", initial.numeroEcrou, initial.etablissement, initial.at)
            }
            let body = "<fichePenale xmlns=\"\(Self.namespace)\" version=\"1\">"
                + "<entete><emetteur>GENESIS</emetteur><genereLe>\(initial.at)</genereLe></entete>"
                + "<miseAJourLe>\(current?.at ?? initial.at)</miseAJourLe>\(person)<ecrous>\(ecrous)</ecrous>"
                + "<titresDetention><titre><nature>MANDAT_DEPOT</nature><juridiction>TJ fictif</juridiction>"
                + "<date>\(initial.at.prefix(10))</date></titre></titresDetention><condamnations/>"
                + "<detentionProvisoireImputeeJours>0</detentionProvisoireImputeeJours><reductions/>"
                + "<amenagements/><incidents/></fichePenale>"
            return Self.xml(200, body)
        }
    }

    private static func ecrou(_ role: String, _ numero: String, _ etablissement: String, _ at: String) -> String {
        "<ecrou role=\"\(role)\"><numeroEcrou>\(numero)</numeroEcrou><etablissement>\(etablissement)</etablissement>"
            + "<dateHeureEcrou>\(at)</dateHeureEcrou></ecrou>"
    }

    static func render(_ movement: Movement) -> String {
        if let wire = movement.wire { return wire }
        let element: String
        var detail = ""
        switch movement.type {
        case .ecrou:
            element = "ecrou"
            detail = "<titreDetention><nature>MANDAT_DEPOT</nature><juridiction>TJ fictif</juridiction>"
                + "<date>\(movement.at.prefix(10))</date></titreDetention>"
        case .leveeEcrou:
            element = "leveeEcrou"
            detail = "<motif>FIN_PEINE</motif>"
        case .transfer:
            element = "transfert"
            detail = "<etablissementDestination>\(movement.destination ?? movement.etablissement)</etablissementDestination>"
            if let new = movement.nouveauNumeroEcrou { detail += "<nouveauNumeroEcrou>\(new)</nouveauNumeroEcrou>" }
        case .hospitalisation:
            element = "hospitalisation"
            detail = "<lieu>UHSI fictive</lieu>"
        case .escape:
            element = "evasion"
        case .reintegration:
            element = "retour"
            detail = "<mouvementTermine>\(movement.ends ?? movement.id)</mouvementTermine>"
        }
        return "<\(element)><identifiantMouvement>\(movement.id)</identifiantMouvement><dateHeure>\(movement.at)</dateHeure>"
            + "<personne><numeroEcrou>\(movement.numeroEcrou)</numeroEcrou><nom>\(escape(movement.nom))</nom>"
            + "<prenoms>\(escape(movement.prenoms))</prenoms><dateNaissance>\(movement.dateNaissance)</dateNaissance></personne>"
            + "<etablissement>\(movement.etablissement)</etablissement>\(detail)</\(element)>"
    }

    /// One movement file: a movement element of the contract, read through SafeXML.
    private static func movement(reading file: URL) throws(ContractError) -> Movement {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw ContractError("GENESIS stub: cannot read \(file.lastPathComponent)")
        }
        do {
            let root = try SafeXML.parse(Array(data))
            let types: [String: CustodyMovementType] = ["ecrou": .ecrou, "leveeEcrou": .leveeEcrou, "transfert": .transfer,
                                                        "hospitalisation": .hospitalisation, "evasion": .escape,
                                                        "retour": .reintegration]
            guard let type = types[root.localName] else {
                throw ContractError("GENESIS stub: \(file.lastPathComponent) is not a movement element")
            }
            let person = try root.requiredChild("personne", ns: namespace)
            return Movement(
                id: try root.requiredText("identifiantMouvement", ns: namespace), type: type,
                at: try root.requiredText("dateHeure", ns: namespace),
                numeroEcrou: try person.requiredText("numeroEcrou", ns: namespace),
                nom: try person.requiredText("nom", ns: namespace), prenoms: try person.requiredText("prenoms", ns: namespace),
                dateNaissance: try person.requiredText("dateNaissance", ns: namespace),
                etablissement: try root.requiredText("etablissement", ns: namespace),
                destination: try root.child("etablissementDestination", ns: namespace)?.text,
                nouveauNumeroEcrou: try root.child("nouveauNumeroEcrou", ns: namespace)?.text,
                ends: try root.child("mouvementTermine", ns: namespace)?.text,
                wire: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch let error as ContractError {
            throw error
        } catch {
            throw ContractError("GENESIS stub: \(file.lastPathComponent): \(error)")
        }
    }

    /// The stub's clock, as the contract writes instants.
    private static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    private static func instant(_ text: String) -> Date? {
        try? StrictJSON.decode(Date.self, from: JSONValue.string(text))
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func xml(_ status: Int, _ body: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/xml"],
                 body: .init(byteBuffer: ByteBuffer(string: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body)))
    }
}
