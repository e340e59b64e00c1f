import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

extension SMS {
    /// `passerelle sms remind APPOINTMENT_ID`: asks the running gateway, as an officer, for a reminder now.
    struct Remind: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the running gateway for a reminder of one appointment, as an officer.",
            discussion: """
                Calls POST /v1/appointments/ID/reminders on the gateway with the officer token read from the \
                environment variable named by --token-env, so the request is authenticated and audited like the \
                console's. Prints what will be sent, to which masked number and when (the recipient's quiet hours, \
                Sundays and holidays move it later), or why not. Exits 0 when scheduled, 3 when refused, 1 on error.
                """)
        @Argument(help: "The appointment id (a UUID, as the home system sent it).") var appointmentId: String
        @Option(help: "The gateway's base URL.") var url = "http://127.0.0.1:8080"
        @Option(help: "Environment variable holding an officer client's bearer token.")
        var tokenEnv = "PASSERELLE_TOKEN_OFFICER"
        @Flag(help: "Print the gateway's JSON answer as is.") var json = false

        func run() async throws {
            guard UUID(uuidString: appointmentId) != nil else { throw ValidationError("an appointment id is a UUID") }
            guard let token = ProcessInfo.processInfo.environment[tokenEnv], !token.isEmpty else {
                throw ValidationError("set \(tokenEnv) to an officer client's token (see `clients:` in the configuration)")
            }
            var request = HTTPClientRequest(url: url + "/v1/appointments/\(appointmentId.lowercased())/reminders")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let status: Int
            let body: String
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                status = Int(response.status.code)
                body = String(buffer: try await response.body.collect(upTo: 1 << 20))
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw ValidationError("cannot reach the gateway at \(url): is it running? (\(type(of: error)))")
            }
            let answer = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            if json {
                print(body)
            } else if status == 202 {
                let deferral = (answer["deferral"] as? String).map { " (\($0))" } ?? ""
                print("scheduled: \(answer["send_at"] ?? "?")\(deferral), recipient's time zone "
                    + "\(answer["recipient_time_zone"] ?? "?"), to \(answer["masked_number"] ?? "?")")
                if let text = answer["text"] as? String {
                    print("text (\(answer["encoding"] ?? "?"), \(answer["segments"] ?? "?") segment(s)): \(text)")
                }
            } else if status == 200 {
                print("refused: \(answer["reason"] ?? "?") — \(answer["explanation"] ?? "")")
            } else {
                print("error \(status): \(answer["message"] ?? body)")
            }
            switch status {
            case 202: return
            case 200: throw ExitCode(3)
            default: throw ExitCode(1)
            }
        }
    }
}
