// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Passerelle",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "passerelle", targets: ["passerelle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // OTLP over HTTP/protobuf only: the gRPC exporter's trait would build grpc-swift for nothing.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "CaseModel", swiftSettings: strict),
        .target(name: "SafeXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(name: "Gateway", dependencies: [
            "CaseModel",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
        ], swiftSettings: strict),
        .target(name: "SMSCore", dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], swiftSettings: strict),
        .target(name: "StoreSQLite", dependencies: [
            "Gateway", "CaseModel",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: strict),
        .target(name: "StorePostgres", dependencies: [
            "Gateway", "CaseModel",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "HomeAdapter", dependencies: ["CaseModel", "Gateway"], path: "adapters/home", swiftSettings: strict),
        .target(name: "CassiopeeAdapter", dependencies: ["CaseModel", "Gateway", "SafeXML"], path: "adapters/cassiopee",
                exclude: ["Schema/accuse.v1.xsd"],
                resources: [.embedInCode("Schema/transmission.v1.xsd"), .embedInCode("Schema/retour.v1.xsd")],
                swiftSettings: strict),
        .target(name: "SaphirAdapter", dependencies: [
            "CaseModel", "Gateway",
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "adapters/saphir", swiftSettings: strict),
        .target(name: "GenesisAdapter", dependencies: [
            "CaseModel", "Gateway", "SafeXML",
            .product(name: "Crypto", package: "swift-crypto"),
        ], path: "adapters/genesis", resources: [.embedInCode("Schema/detention.v1.xsd")], swiftSettings: strict),
        .target(name: "SMSAdapter", dependencies: [
            "CaseModel", "Gateway", "SMSCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "adapters/sms", swiftSettings: strict),
        .target(name: "ContractKit", dependencies: [
            "CaseModel", "Gateway", "SafeXML", "SMSAdapter", "SMSCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "Server", dependencies: [
            "Gateway", "CaseModel", "StoreSQLite", "StorePostgres", "HomeAdapter", "CassiopeeAdapter", "SaphirAdapter", "GenesisAdapter",
            "SafeXML", "ContractKit", "SMSAdapter", "SMSCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "OTel", package: "swift-otel"),
        ], resources: [.embedInCode("Console/Texts/fr.json"), .embedInCode("Console/Texts/en.json")],
        swiftSettings: strict),
        .executableTarget(name: "passerelle", dependencies: [
            "Server", "Gateway", "StoreSQLite", "CaseModel", "ContractKit", "SMSCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict, plugins: ["BuildInfo"]),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(name: "PasserelleBench", dependencies: [
            "Server", "Gateway", "SaphirAdapter", "CaseModel", "ContractKit", "StorePostgres", "LocalPostgres", "SMSAdapter", "SMSCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/PasserelleBench", swiftSettings: strict),
        .target(name: "LocalPostgres", path: "Tests/LocalPostgres", swiftSettings: strict),
        .testTarget(name: "StoreConformanceTests", dependencies: [
            "Gateway", "CaseModel", "StoreSQLite", "StorePostgres", "LocalPostgres",
        ]),
        .testTarget(name: "CaseModelTests", dependencies: ["CaseModel"]),
        .testTarget(name: "SafeXMLTests", dependencies: ["SafeXML"]),
        .testTarget(name: "SMSCoreTests", dependencies: [
            "SMSCore",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "CaseModel", "StoreSQLite"]),
        .testTarget(name: "ContractKitTests", dependencies: [
            "ContractKit", "Server", "Gateway", "CaseModel", "SafeXML", "SMSAdapter", "SMSCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "GenesisAdapterTests", dependencies: ["GenesisAdapter", "Gateway", "CaseModel"]),
        .testTarget(name: "SaphirAdapterTests", dependencies: ["SaphirAdapter", "Gateway", "CaseModel"]),
        .testTarget(name: "SMSAdapterTests", dependencies: ["SMSAdapter", "SMSCore", "Gateway", "CaseModel"]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Gateway", "CaseModel", "StoreSQLite", "SaphirAdapter", "GenesisAdapter", "LocalPostgres", "ContractKit",
            "SMSAdapter", "SMSCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Yams", package: "Yams"),
        ]),
    ]
)
