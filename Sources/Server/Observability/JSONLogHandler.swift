import Foundation
import Logging

/// Structured logs: one JSON object per line on standard error. Callers put ids and classes in metadata,
/// never names, phone numbers or free text.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let sink: LogSink

    public init(label: String, level: Logger.Level = .info, sink: LogSink = .standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }) {
            fields[key] = "\(value)"
        }
        fields["ts"] = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["msg"] = "\(event.message)"
        let line = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        sink.write(line + Data("\n".utf8))
    }
}

/// Where log lines go; standard error unless a test captures them.
public final class LogSink: Sendable {
    private let writeLine: @Sendable (Data) -> Void

    public init(_ write: @escaping @Sendable (Data) -> Void) {
        self.writeLine = write
    }

    func write(_ data: Data) { writeLine(data) }

    public static let standardError = LogSink { FileHandle.standardError.write($0) }
}
