/// What a module is, in the terms the host needs to load it: its name, the contracts it
/// serves and consumes, and its store's migrations.
public struct ModuleDescriptor: Sendable {
    /// Lower-case name; also the store's file name (`<name>.sqlite`) and the migration prefix.
    public let name: String
    public let version: String
    /// Contracts (fully qualified service names) whose methods this module registers.
    public let serves: [String]
    /// Contracts this module calls; each must be served in this host or configured remote.
    public let consumes: [String]
    /// Contracts this module uses when they are served (in this host or remote) and does
    /// without otherwise — e.g. Collections reads the utility's holiday calendar from Programs
    /// but still decides disconnections from its own policy's holidays in a host without
    /// Programs. A module asks for them with ``ModuleContext/optionalClient(_:)``.
    public let optionallyConsumes: [String]
    /// Forward-only migrations of the module's store; empty for a module without a store.
    public let migrations: [StoreMigration]

    public init(
        name: String, version: String, serves: [String], consumes: [String] = [], optionallyConsumes: [String] = [],
        migrations: [StoreMigration] = []
    ) {
        self.name = name
        self.version = version
        self.serves = serves
        self.consumes = consumes
        self.optionallyConsumes = optionallyConsumes
        self.migrations = migrations
    }

    /// Whether the module keeps data (and so gets a store).
    public var hasStore: Bool { !migrations.isEmpty }
}
