import Foundation
import Server
import Testing

/// The `store:` section and the `--store` option: one of SQLite or PostgreSQL, and never a password in sight.
@Suite struct StoreConfigTests {
    static func config(store: String) -> String {
        """
        store: \(store)
        server: {host: 127.0.0.1, port: 8080}
        clients: []
        adapters: {home: {enabled: true}}
        destinations:
          - {name: appi, adapter: home, role: spip, url: "http://127.0.0.1:1/webhook"}
        routes: {"*": [appi]}
        """
    }

    @Test func postgresTakesAURLAndTheNameOfThePasswordVariable() throws {
        let config = try PasserelleConfig.parse(
            Self.config(store: "{postgres: \"postgres://gw@db.example:5432/passerelle\", password_env: PG_PASS}"), file: "t")
        #expect(config.store.postgres == "postgres://gw@db.example:5432/passerelle")
        #expect(config.store.passwordEnv == "PG_PASS")
        #expect(config.store.description == "postgres://gw@db.example:5432/passerelle?sslmode=require")
    }

    @Test func storeNeedsExactlyOneOfSQLiteOrPostgres() {
        for store in ["{}", "{sqlite: a.sqlite, postgres: \"postgres://gw@db/p\"}", "{sqlite: a.sqlite, password_env: X}"] {
            #expect(throws: ConfigError.self, "store \(store)") {
                _ = try PasserelleConfig.parse(Self.config(store: store), file: "t")
            }
        }
    }

    @Test func theStoreOptionChoosesEitherStore() throws {
        #expect(try PasserelleConfig.StoreSection.parse(option: "sqlite:/var/lib/p.sqlite", passwordEnv: nil)
                == PasserelleConfig.StoreSection(sqlite: "/var/lib/p.sqlite"))
        #expect(try PasserelleConfig.StoreSection.parse(option: "postgres://gw@db/p", passwordEnv: "PG_PASS")
                == PasserelleConfig.StoreSection(postgres: "postgres://gw@db/p", passwordEnv: "PG_PASS"))
        #expect(throws: ConfigError.self) {
            _ = try PasserelleConfig.StoreSection.parse(option: "mysql://db/p", passwordEnv: nil)
        }
    }

    @Test func aMissingPasswordVariableIsNamedWithoutAnyValue() async throws {
        let section = PasserelleConfig.StoreSection(postgres: "postgres://gw@127.0.0.1:1/p?sslmode=disable",
                                                    passwordEnv: "PASSERELLE_TEST_PG_PASSWORD")
        do {
            _ = try await StoreFactory.open(section, environment: [:])
            Issue.record("opened a store without its password")
        } catch {
            #expect("\(error)".contains("PASSERELLE_TEST_PG_PASSWORD is not set"))
        }
    }
}
