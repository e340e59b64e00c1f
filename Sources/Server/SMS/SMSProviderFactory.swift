import Foundation
import Gateway
import SMSAdapter

enum SMSProviderFactory {
    static func make(settings: AdapterSettings, publicURL: String, transport: any Transport) throws
        -> (provider: any SMSProvider, readers: [String: any SMSCallbackReader]) {
        throw ConfigError(file: "configuration", message: "no provider")
    }
}
