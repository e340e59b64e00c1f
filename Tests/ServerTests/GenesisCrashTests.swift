import ContractKit
import Foundation
import Server
import Testing

/// SIGKILL of `passerelle serve` while it polls GENESIS: after each restart it reads on from the committed cursor;
/// no movement is lost, none is stored twice.
@Suite(.serialized) struct GenesisCrashTests {
    @Test func noMovementIsLostOrStoredTwiceAcrossKillMinusNine() async throws {
        let home = HomeStub()
        let homePort = try await home.start()
        let feed = GenesisFeed.movements(3_000, persons: 150)
        let genesis = GenesisFeedStub(movements: feed)
        let genesisPort = try await genesis.start()
        let scratch = try GatewayProcess("passerelle-genesis-crash") { directory, port in
            GenesisFeed.configuration(sqlite: "\(directory)/gateway.sqlite", port: port, homePort: homePort,
                                      genesisPort: genesisPort, pageSize: 50)
        }
        defer { scratch.remove() }
        var gateway = try scratch.launch()
        var kills = 0
        for threshold in [300, 900, 1_600, 2_300] {
            let deadline = Date().addingTimeInterval(120)
            while GenesisFeed.received(home).count < threshold, Date() < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            GatewayProcess.kill9(gateway)
            kills += 1
            gateway = try scratch.launch()
        }
        defer { GatewayProcess.kill9(gateway) }
        let deadline = Date().addingTimeInterval(180)
        while Set(GenesisFeed.received(home).map(\.sourceMessageId)).count < feed.count, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(kills == 4)
        #expect(GenesisFeed.problems(home, expected: feed) == [])
        await genesis.stop()
        await home.stop()
    }
}
