import ContractKit
import Foundation
import Gateway
import NIOHTTP1
import SMSAdapter
import SMSCore
import Server
import Testing

/// The SMS provider stub over real HTTP, driven by the real providers through the server's `HTTPTransport`, with its
/// signed callbacks arriving at a real local listener and verified by the real readers.
@Suite(.serialized) struct SMSProviderStubTests {
    struct Harness {
        let stub: SMSProviderStub
        let receiver: CallbackReceiver
        let transport: HTTPTransport
        let stubURL: String

        func twilio(timeoutMilliseconds: Int = 10_000) -> TwilioProvider {
            TwilioProvider(name: "primary", settings: .init(
                baseURL: stubURL, accountSid: stub.configuration.twilioAccountSid, authToken: stub.configuration.twilioAuthToken,
                from: "SPIP57", statusCallbackURL: receiver.baseURL + "/sms/twilio/status",
                timeoutMilliseconds: timeoutMilliseconds), transport: transport)
        }

        func json(timeoutMilliseconds: Int = 10_000) -> JsonProvider {
            JsonProvider(name: "secondary", settings: .init(baseURL: stubURL, apiKey: stub.configuration.jsonAPIKey, from: "SPIP57",
                                                            timeoutMilliseconds: timeoutMilliseconds), transport: transport)
        }

        /// Every callback received so far, verified and read by the reader of its profile.
        func callbacks() throws -> [ProviderCallback] {
            let twilio = TwilioCallbackReader(authToken: stub.configuration.twilioAuthToken)
            let json = JsonCallbackReader(secret: stub.configuration.jsonWebhookSecret)
            return try receiver.received.flatMap { request throws(CallbackRejection) -> [ProviderCallback] in
                let reader: any SMSCallbackReader = request.url.contains("/twilio/") ? twilio : json
                return try reader.read(publicURL: request.url, headers: request.headers, body: request.body)
            }
        }

        func receipts() throws -> [ProviderReceipt] {
            try callbacks().compactMap { if case .receipt(let receipt) = $0 { receipt } else { nil } }
        }
    }

    static func run(faults: String = "none", _ body: (Harness) async throws -> Void) async throws {
        let receiver = CallbackReceiver()
        try await receiver.start()
        var configuration = SMSStubConfiguration()
        configuration.eventsURL = receiver.baseURL + "/sms/json/events"
        configuration.replyURL = receiver.baseURL + "/sms/twilio/inbound"
        configuration.receiptDelayMilliseconds = 10
        configuration.faults = try SMSStubFaults(parsing: faults)
        let stub = SMSProviderStub(configuration: configuration)
        let port = try await stub.start(port: 0)
        let transport = HTTPTransport()
        let harness = Harness(stub: stub, receiver: receiver, transport: transport, stubURL: "http://127.0.0.1:\(port)")
        do {
            try await body(harness)
        } catch {
            await stub.stop()
            await receiver.stop()
            try? await transport.shutdown()
            throw error
        }
        await stub.stop()
        await receiver.stop()
        try await transport.shutdown()
    }

    static func message(_ reference: String, to number: String) -> ProviderMessage {
        ProviderMessage(reference: reference, to: number, text: "Rappel : RDV au SPIP lundi 7 decembre a 9h30.", validitySeconds: 3600)
    }

    @Test func twilioSendIsAcceptedFoundAndItsSignedReceiptsArrive() async throws {
        try await Self.run { harness in
            let message = Self.message("notif-0001", to: "+33639980001")
            let provider = harness.twilio()
            guard case .accepted(let sid, let segments) = await provider.send(message) else {
                Issue.record("not accepted: \(harness.stub.received)")
                return
            }
            #expect(segments == 1)
            #expect(try await eventually { try harness.receipts().count == 2 })
            let receipts = try harness.receipts()
            #expect(receipts.map(\.status) == [.sent, .delivered])
            #expect(receipts.allSatisfy { $0.providerMessageId == sid && $0.reference == "notif-0001" })
            #expect(await provider.lookup(message, since: Date().addingTimeInterval(-60))
                == .found(providerMessageId: sid, status: .delivered))
            let other = Self.message("notif-0002", to: "+33639980002")
            #expect(await provider.lookup(other, since: Date().addingTimeInterval(-60)) == .notFound)
        }
    }

    @Test func jsonSendIsAcceptedFoundByReferenceAndItsPartReceiptsArriveSigned() async throws {
        try await Self.run { harness in
            let message = Self.message("notif-0078", to: "+33639980078")
            let provider = harness.json()
            guard case .accepted(let id, _) = await provider.send(message) else {
                Issue.record("not accepted: \(harness.stub.received)")
                return
            }
            #expect(try await eventually { try harness.receipts().count == 2 })
            let receipts = try harness.receipts()
            #expect(receipts.map(\.status) == [.delivered, .undeliverable])
            #expect(receipts.map(\.part) == [1, 2] && receipts.allSatisfy { $0.parts == 2 && $0.providerMessageId == id })
            #expect(PartReceipts.combined(receipts.map(\.status)) == .undeliverable)
            #expect(await provider.lookup(message, since: Date()) == .found(providerMessageId: id, status: .undeliverable))
            #expect(await provider.lookup(Self.message("notif-9999", to: "+33639980001"), since: Date()) == .notFound)
            guard case .uncertain = await provider.send(message) else { Issue.record("a second send of one reference was taken"); return }
        }
    }

    @Test func scriptedNumbersGiveEachReceiptStoryAndDuplicatesShareTheirDedupeKey() async throws {
        try await Self.run { harness in
            let provider = harness.twilio()
            for (index, number) in ["+33639980050", "+33639980055", "+33639980060", "+33639980065", "+33639980070"].enumerated() {
                guard case .accepted = await provider.send(Self.message("notif-00\(index)", to: number)) else {
                    Issue.record("\(number) not accepted")
                    return
                }
            }
            #expect(try await eventually { try harness.receipts().count == 11 })
            let byReference = Dictionary(grouping: try harness.receipts(), by: { $0.reference ?? "" })
            #expect(byReference["notif-000"]?.map(\.status) == [.sent, .undeliverable])
            #expect(byReference["notif-001"]?.map(\.status) == [.sent, .failedTemporary])
            #expect(byReference["notif-002"]?.map(\.status) == [.sent, .expired])
            #expect(byReference["notif-003"]?.map(\.status) == [.delivered, .sent])
            let duplicate = try #require(byReference["notif-004"])
            #expect(duplicate.map(\.status) == [.sent, .delivered, .delivered])
            #expect(duplicate[1].dedupeKey == duplicate[2].dedupeKey && duplicate[0].dedupeKey != duplicate[1].dedupeKey)
        }
    }

    @Test func refusalsByNumberMapToTheirClasses() async throws {
        try await Self.run { harness in
            for provider in [harness.twilio() as any SMSProvider, harness.json()] {
                #expect(await provider.send(Self.message("notif-0075", to: "+33639980075")) == .optedOut(reason: provider is TwilioProvider
                    ? "Twilio answered 400 with error 21610" : "the provider answered 400 with error opted_out"))
                guard case .permanent = await provider.send(Self.message("notif-0076", to: "+33639980076")),
                      case .notProcessed = await provider.send(Self.message("notif-0077", to: "+33639980077")) else {
                    Issue.record("\(provider.name): a refusal was misread")
                    return
                }
            }
            #expect(harness.stub.messages.isEmpty)
        }
    }

    @Test func acceptThenHangIsUncertainButTheMessageIsThereAndItsReceiptsCome() async throws {
        try await Self.run(faults: "accept-hang=30s") { harness in
            let message = Self.message("notif-0100", to: "+33639980001")
            let provider = harness.twilio(timeoutMilliseconds: 300)
            guard case .uncertain = await provider.send(message) else { Issue.record("a hung answer was not uncertain"); return }
            guard case .found(let sid, _) = await harness.twilio().lookup(message, since: Date()) else {
                Issue.record("the accepted message was not found")
                return
            }
            let delivered = try await eventually { () async throws -> Bool in
                try harness.receipts().contains { $0.providerMessageId == sid && $0.status == .delivered }
            }
            #expect(delivered)
        }
    }

    @Test func handsetRepliesArePostedSignedToTheGateway() async throws {
        try await Self.run { harness in
            for profile in ["twilio", "json"] {
                let answer = try await Exchange.send(.POST, harness.stubURL + "/_stub/replies",
                                                     body: #"{"from":"+33639980001","text":"STOP","profile":"\#(profile)"}"#)
                #expect(answer.status == 202 && answer.body.contains(#""answered_status":204"#))
            }
            let replies = try harness.callbacks().compactMap { if case .reply(let reply) = $0 { reply } else { nil } }
            #expect(replies.map(\.text) == ["STOP", "STOP"] && replies.allSatisfy { $0.from == "+33639980001" })
        }
    }

    @Test func theStubRefusesBadCredentialsAndLooseRequests() async throws {
        try await Self.run { harness in
            let wrong = TwilioProvider(name: "primary", settings: .init(
                baseURL: harness.stubURL, accountSid: harness.stub.configuration.twilioAccountSid, authToken: Secret("wrong"),
                from: "SPIP57", statusCallbackURL: "http://127.0.0.1:1/cb"), transport: harness.transport)
            guard case .configuration = await wrong.send(Self.message("notif-0001", to: "+33639980001")) else {
                Issue.record("wrong credentials were not a configuration error")
                return
            }
            let loose = try await Exchange.send(.POST, harness.stubURL + "/v1/messages",
                                                body: #"{"to":"+33639980001","from":"SPIP57","text":"x","client_ref":"r1","validity_seconds":60,"tag":"x"}"#,
                                                headers: [("Content-Type", "application/json"),
                                                          ("Authorization", "Bearer " + harness.stub.configuration.jsonAPIKey.reveal())])
            #expect(loose.status == 400 && loose.body.contains("invalid_request"))
            let requests = try await Exchange.send(.GET, harness.stubURL + "/_stub/requests")
            #expect(requests.status == 200 && requests.body.contains(#""answeredStatus":401"#))
        }
    }
}

/// The SMS stub's fault spelling: every stub's faults plus `accept-hang`.
@Suite struct SMSStubFaultTests {
    @Test func acceptHangParsesBesideTheCommonFaults() throws {
        let faults = try SMSStubFaults(parsing: "accept-hang=2s, latency=10ms")
        #expect(faults.acceptThenHang == 2_000 && faults.common.latency == 10...10)
        #expect(try SMSStubFaults(parsing: "accept-hang").acceptThenHang == 120_000)
        #expect(try SMSStubFaults(parsing: "accept-hang=250ms").description == "accept-hang=250ms")
        for wrong in ["accept-hang=soon", "accept-hang=5", "teleport"] {
            #expect(throws: ContractError.self, "\(wrong)") { try SMSStubFaults(parsing: wrong) }
        }
    }

    @Test func numbersPickTheirStory() {
        #expect(SMSStubScript(number: "+33639980001") == .delivered)
        #expect(SMSStubScript(number: "+33639980052") == .undeliverable)
        #expect(SMSStubScript(number: "+33639980079") == .acceptThenHang)
        #expect(SMSStubScript(number: "+33639980072").receipts.last?.repeatsPrevious == true)
    }
}
