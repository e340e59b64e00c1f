import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON bodies of the HTTP API: snake_case keys, ISO-8601 dates, sorted keys so answers are byte-stable.
enum APIJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamps.iso8601(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func response<T: Encodable>(_ status: HTTPResponse.Status, _ value: T,
                                       headers extra: [(HTTPField.Name, String)] = []) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, value) in extra { headers[name] = value }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// An error answer: a stable class for programs and a message for people; never a value from the request.
    static func error(_ status: HTTPResponse.Status, _ errorClass: String, _ message: String,
                      headers: [(HTTPField.Name, String)] = []) -> Response {
        response(status, ErrorBody(error: errorClass, message: message), headers: headers)
    }
}

struct ErrorBody: Codable, Sendable {
    var error: String
    var message: String
}

/// UTC timestamps with milliseconds, the one format of the API.
enum Timestamps {
    static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
