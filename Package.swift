// swift-tools-version: 6.2
import PackageDescription

/// Settle's package. Dependencies point one way:
/// wire format → call layer → contracts → transport / module SDK → modules → host → executables.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "settle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "settled", targets: ["settled"]),
        .executable(name: "settle", targets: ["settle"]),
        .executable(name: "settle-driver", targets: ["settle-driver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Wire format: frames, preface, compression, limits. No calls, no domain.
        .target(
            name: "SettleWire",
            dependencies: [
                "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Per-thread effective uid, for tests and `settle-driver abuse` connecting as another user.
        .target(name: "CThreadCredentials"),
        // The system zlib, for CRC-32 (compress-nio links the same library for deflate).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Call layer: status, routing, handlers, deadlines, roles, in-process transport. No I/O.
        .target(
            name: "SettleRPC",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // The domain kit: the value types every module and client shares (dates, instants, money,
        // contract errors naming a field). No I/O, no store; RPC only for its status codes.
        .target(
            name: "SettleDomain",
            dependencies: ["SettleRPC"],
            swiftSettings: swiftSettings
        ),
        // Contracts: generated messages and service stubs from Protocols/.
        .target(
            name: "SettleContracts",
            dependencies: [
                "SettleRPC",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Protocols/Swift",
            swiftSettings: swiftSettings
        ),
        // Unix-socket transport on SwiftNIO: the server and client connection state machines.
        .target(
            name: "SettleTransport",
            dependencies: [
                "SettleWire",
                "SettleRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What a module is given: its store, audit, idempotency, clients of other contracts.
        .target(
            name: "SettleModuleSDK",
            dependencies: [
                "SettleDomain",
                "SettleRPC",
                "SettleContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The host: configuration, registry, built-in services, lifecycle.
        .target(
            name: "SettleHost",
            dependencies: [
                "SettleDomain",
                "SettleModuleSDK",
                "SettleTransport",
                "SettleContracts",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // What thin clients share: connecting by socket path, output formats.
        .target(
            name: "SettleClient",
            dependencies: [
                "SettleTransport",
                "SettleContracts",
            ],
            swiftSettings: swiftSettings
        ),
        // Service modules: each depends only on the SDK and the contracts.
        .target(
            name: "Accounts",
            dependencies: ["SettleDomain", "SettleModuleSDK", "SettleContracts"],
            path: "Plugins/Accounts",
            exclude: ["Contract"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Metering",
            dependencies: ["SettleDomain", "SettleModuleSDK", "SettleContracts"],
            path: "Plugins/Metering",
            exclude: ["Contract"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SettleCollections",
            dependencies: ["SettleDomain", "SettleModuleSDK", "SettleContracts"],
            path: "Plugins/Collections",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Rating",
            dependencies: ["SettleDomain", "SettleModuleSDK", "SettleContracts"],
            path: "Plugins/Rating",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Programs",
            dependencies: ["SettleDomain", "SettleModuleSDK", "SettleContracts"],
            path: "Plugins/Programs",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Reporting",
            dependencies: ["SettleDomain", "SettleModuleSDK", "SettleContracts"],
            path: "Plugins/Reporting",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Refunds",
            dependencies: ["SettleDomain", "SettleModuleSDK", "SettleContracts"],
            path: "Plugins/Refunds",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        // The set of modules a host build loads.
        .target(
            name: "SettleModules",
            dependencies: ["SettleModuleSDK", "Accounts", "Metering", "SettleCollections", "Rating", "Programs", "Reporting", "Refunds"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "settled",
            dependencies: [
                "SettleHost",
                "SettleModules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "settle",
            dependencies: [
                "SettleClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "settle-driver",
            dependencies: [
                "SettleClient",
                "CThreadCredentials",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // What every test target shares: the built binaries, a host with chosen modules,
        // `assertRPCError`, seeded random sources, keys. Tests only; no product ships it.
        .target(
            name: "SettleTestSupport",
            dependencies: [
                "SettleRPC",
                "SettleClient",
                "SettleHost",
                "SettleModuleSDK",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/SettleTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SettleDomainTests", dependencies: ["SettleDomain", "SettleRPC"], swiftSettings: swiftSettings),
        .testTarget(name: "SettleWireTests", dependencies: ["SettleTestSupport", "SettleWire"], swiftSettings: swiftSettings),
        // The transport without a host: its state machines as values, its handlers in EmbeddedChannel.
        .testTarget(
            name: "SettleTransportTests",
            dependencies: [
                "SettleTransport", "SettleWire", "SettleRPC", "CThreadCredentials",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        // libFuzzer targets, one per parser (Fuzz/README.md). A plain build replays their seed
        // corpora; `swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -DSETTLE_FUZZING` fuzzes.
        .target(name: "SettleFuzzSupport", path: "Fuzz/Support", swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzFrames", dependencies: ["SettleFuzzSupport", "SettleWire", .product(name: "NIOCore", package: "swift-nio")], path: "Fuzz/Frames", exclude: ["corpus"], swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzHandshake", dependencies: ["SettleFuzzSupport", "SettleWire", .product(name: "NIOCore", package: "swift-nio")], path: "Fuzz/Handshake", exclude: ["corpus"], swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzInflate", dependencies: ["SettleFuzzSupport", "SettleWire", .product(name: "NIOCore", package: "swift-nio")], path: "Fuzz/Inflate", exclude: ["corpus"], swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzRequests", dependencies: ["SettleFuzzSupport", "SettleContracts", .product(name: "SwiftProtobuf", package: "swift-protobuf")], path: "Fuzz/Requests", exclude: ["corpus"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SettleRPCTests",
            dependencies: ["SettleTestSupport", "SettleRPC", "SettleContracts", "SettleTransport", "SettleWire", "SettleHost"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AccountsTests", dependencies: ["SettleTestSupport", "SettleDomain", "Accounts", "SettleHost", "SettleClient"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MeteringTests",
            dependencies: ["SettleTestSupport", "SettleDomain", "Metering", "Accounts", "SettleHost", "SettleClient"],
            exclude: ["Fixtures/test_usage_data.xml", "Fixtures/README.md"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CollectionsTests", dependencies: ["SettleTestSupport", "SettleDomain", "SettleCollections", "Accounts", "Metering", "Programs", "SettleHost", "SettleClient", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
        .testTarget(name: "RatingTests", dependencies: ["SettleTestSupport", "SettleDomain", "Rating", "Programs", "Accounts", "Metering", "SettleCollections", "SettleHost", "SettleClient"], swiftSettings: swiftSettings),
        .testTarget(name: "ReportingTests", dependencies: ["SettleTestSupport", "Reporting", "Programs", "Rating", "Accounts", "Metering", "SettleCollections", "SettleHost", "SettleClient", "CZlib"], swiftSettings: swiftSettings),
        .testTarget(name: "ProgramsTests", dependencies: ["SettleTestSupport", "SettleDomain", "Programs", "Rating", "Accounts", "Metering", "SettleCollections", "SettleHost", "SettleClient", "SettleModules"], swiftSettings: swiftSettings),
        .testTarget(name: "RefundsTests", dependencies: ["SettleTestSupport", "SettleDomain", "Refunds", "Rating", "Accounts", "Metering", "SettleCollections", "Programs", "SettleHost", "SettleClient", "SettleModules"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ContractTests",
            dependencies: ["SettleHost", "SettleClient", "SettleModules"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SettleModuleSDKTests", dependencies: ["SettleModuleSDK", "SettleContracts"], swiftSettings: swiftSettings),
        .testTarget(name: "ProtocolCompatibilityTests", dependencies: [], swiftSettings: swiftSettings),
        .testTarget(
            name: "SettleHostTests",
            dependencies: ["SettleTestSupport", "SettleHost", "SettleClient", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // Backups, restores, storage faults and audit anchors across the real modules.
        .testTarget(
            name: "DataSafetyTests",
            dependencies: ["SettleTestSupport", "SettleHost", "SettleClient", "SettleModules", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
