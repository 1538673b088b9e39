// swift-tools-version: 6.2
import PackageDescription

/// Settle's package. Dependencies point one way:
/// wire format → call layer → contracts → transport / module SDK → modules → host → executables.
/// Imports are honest: an import is internal unless a file's public API exposes the module's
/// types (`public import`), and a file imports every module whose members it uses.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
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
        // Already in the graph through swift-nio and swift-configuration; named because the
        // host builds the `FilePath` that swift-configuration's file provider takes.
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
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
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
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
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // The host: configuration, registry, built-in services, lifecycle.
        .target(
            name: "SettleHost",
            dependencies: [
                "SettleDomain",
                "SettleRPC",
                "SettleModuleSDK",
                "SettleWire",
                "SettleTransport",
                "SettleContracts",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        // What thin clients share: connecting by socket path, contract scenarios, and the wire's
        // compression for clients that write raw frames. The CLIs reach a host only through it.
        .target(
            name: "SettleClient",
            dependencies: [
                "SettleRPC",
                "SettleWire",
                "SettleTransport",
                "SettleContracts",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Service modules: each built on the SDK, the contracts and the domain kit (never on another
        // module, NIO or the transport), naming the libraries it imports itself (GRDB for its store).
        .target(
            name: "SettleAccounts",
            dependencies: [
                "SettleDomain", "SettleRPC", "SettleModuleSDK", "SettleContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Plugins/Accounts",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SettleMetering",
            dependencies: [
                "SettleDomain", "SettleRPC", "SettleModuleSDK", "SettleContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Plugins/Metering",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SettleCollections",
            dependencies: [
                "SettleDomain", "SettleRPC", "SettleModuleSDK", "SettleContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Plugins/Collections",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SettleRating",
            dependencies: [
                "SettleDomain", "SettleRPC", "SettleModuleSDK", "SettleContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Plugins/Rating",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SettlePrograms",
            dependencies: [
                "SettleDomain", "SettleRPC", "SettleModuleSDK", "SettleContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Plugins/Programs",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SettleReporting",
            dependencies: [
                "SettleDomain", "SettleRPC", "SettleModuleSDK", "SettleContracts",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Plugins/Reporting",
            exclude: ["Contract", "README.md", "research.png"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SettleRefunds",
            dependencies: [
                "SettleDomain", "SettleRPC", "SettleModuleSDK", "SettleContracts",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Plugins/Refunds",
            exclude: ["Contract", "README.md"],
            swiftSettings: swiftSettings
        ),
        // The set of modules a host build loads.
        .target(
            name: "SettleModules",
            dependencies: ["SettleModuleSDK", "SettleAccounts", "SettleMetering", "SettleCollections", "SettleRating", "SettlePrograms", "SettleReporting", "SettleRefunds"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "settled",
            dependencies: [
                "SettleHost",
                "SettleModules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "settle",
            dependencies: [
                "SettleClient",
                "SettleContracts",
                "SettleDomain",
                "SettleRPC",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "settle-driver",
            dependencies: [
                "SettleClient",
                "SettleContracts",
                "SettleDomain",
                "SettleRPC",
                "CThreadCredentials",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
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
                "SettleContracts",
                "SettleHost",
                "SettleModuleSDK",
                "SettleTransport",
                "SettleWire",
                "CThreadCredentials",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/SettleTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SettleDomainTests", dependencies: ["SettleDomain", "SettleRPC"], swiftSettings: swiftSettings),
        .testTarget(name: "SettleWireTests", dependencies: ["SettleTestSupport", "SettleWire", .product(name: "NIOCore", package: "swift-nio")], swiftSettings: swiftSettings),
        // The transport without a host: its state machines as values, its handlers in EmbeddedChannel.
        .testTarget(
            name: "SettleTransportTests",
            dependencies: [
                "SettleTestSupport", "SettleTransport", "SettleWire", "SettleRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // libFuzzer targets, one per parser (Fuzz/README.md). A plain build replays their seed
        // corpora; `swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -DSETTLE_FUZZING` fuzzes.
        .target(name: "SettleFuzzSupport", path: "Fuzz/Support", swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzFrames", dependencies: ["SettleFuzzSupport", "SettleWire", .product(name: "NIOCore", package: "swift-nio")], path: "Fuzz/Frames", exclude: ["corpus"], swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzHandshake", dependencies: ["SettleFuzzSupport", "SettleWire", .product(name: "NIOCore", package: "swift-nio"), .product(name: "SwiftProtobuf", package: "swift-protobuf")], path: "Fuzz/Handshake", exclude: ["corpus"], swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzInflate", dependencies: ["SettleFuzzSupport", "SettleWire", .product(name: "NIOCore", package: "swift-nio")], path: "Fuzz/Inflate", exclude: ["corpus"], swiftSettings: swiftSettings),
        .executableTarget(name: "SettleFuzzRequests", dependencies: ["SettleFuzzSupport", "SettleContracts", .product(name: "SwiftProtobuf", package: "swift-protobuf")], path: "Fuzz/Requests", exclude: ["corpus"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SettleRPCTests",
            dependencies: [
                "SettleTestSupport", "SettleRPC", "SettleContracts", "SettleTransport", "SettleWire", "SettleHost",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "AccountsTests", dependencies: ["SettleTestSupport", "SettleDomain", "SettleRPC", "SettleContracts", "SettleModuleSDK", "SettleTransport", "SettleAccounts", "SettleHost", "SettleClient", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: swiftSettings),
        .testTarget(
            name: "MeteringTests",
            dependencies: ["SettleTestSupport", "SettleDomain", "SettleRPC", "SettleContracts", "SettleModuleSDK", "SettleMetering", "SettleAccounts", "SettleHost", "SettleClient", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Fixtures/test_usage_data.xml", "Fixtures/test_usage_data_05.xml", "Fixtures/README.md"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "CollectionsTests", dependencies: ["SettleTestSupport", "SettleDomain", "SettleRPC", "SettleContracts", "SettleModuleSDK", "SettleCollections", "SettleAccounts", "SettleMetering", "SettlePrograms", "SettleHost", "SettleClient", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: swiftSettings),
        .testTarget(name: "RatingTests", dependencies: ["SettleTestSupport", "SettleDomain", "SettleRPC", "SettleContracts", "SettleModuleSDK", "SettleRating", "SettlePrograms", "SettleAccounts", "SettleMetering", "SettleCollections", "SettleHost", "SettleClient", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: swiftSettings),
        .testTarget(name: "ReportingTests", dependencies: ["SettleTestSupport", "SettleRPC", "SettleContracts", "SettleModuleSDK", "SettleReporting", "SettlePrograms", "SettleRating", "SettleAccounts", "SettleMetering", "SettleCollections", "SettleHost", "SettleClient", "CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: swiftSettings),
        .testTarget(name: "ProgramsTests", dependencies: ["SettleTestSupport", "SettleDomain", "SettleRPC", "SettleContracts", "SettlePrograms", "SettleRating", "SettleAccounts", "SettleMetering", "SettleCollections", "SettleHost", "SettleClient", "SettleModules", "SettleModuleSDK", .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: swiftSettings),
        .testTarget(name: "RefundsTests", dependencies: ["SettleTestSupport", "SettleDomain", "SettleRPC", "SettleContracts", "SettleModuleSDK", "SettleRefunds", "SettleRating", "SettleAccounts", "SettleMetering", "SettleCollections", "SettlePrograms", "SettleHost", "SettleClient", "SettleModules", .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: swiftSettings),
        .testTarget(
            name: "ContractTests",
            dependencies: [
                "SettleTestSupport", "SettleHost", "SettleClient", "SettleModules", "SettleRPC", "SettleTransport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SettleModuleSDKTests", dependencies: ["SettleModuleSDK", "SettleDomain", "SettleContracts", "SettleRPC", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: swiftSettings),
        .testTarget(name: "ProtocolCompatibilityTests", dependencies: [], swiftSettings: swiftSettings),
        .testTarget(
            name: "SettleHostTests",
            dependencies: [
                "SettleTestSupport", "SettleHost", "SettleClient", "SettleContracts", "SettleModuleSDK", "SettleRPC", "SettleTransport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Backups, restores, storage faults and audit anchors across the real modules.
        .testTarget(
            name: "DataSafetyTests",
            dependencies: ["SettleTestSupport", "SettleHost", "SettleClient", "SettleModules", "SettleContracts", "SettleDomain", "SettleModuleSDK", "SettleRPC", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"), .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
