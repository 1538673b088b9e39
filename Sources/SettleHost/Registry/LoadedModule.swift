public import SettleModuleSDK

/// A module as the host runs it: its instance, its store, and where its dependencies live.
public struct LoadedModule: Sendable {
    public let descriptor: ModuleDescriptor
    public let instance: any SettleModule
    public let store: ModuleStore?
    /// For each consumed contract: "in-process" or "unix:PATH".
    public let consumedFrom: [String: String]
    /// What the module's store refers to in other modules, or holds for them (see ``CrossReference``).
    public var crossReferences: [CrossReference] = []

    public init(descriptor: ModuleDescriptor, instance: any SettleModule, store: ModuleStore?, consumedFrom: [String: String], crossReferences: [CrossReference] = []) {
        self.descriptor = descriptor
        self.instance = instance
        self.store = store
        self.consumedFrom = consumedFrom
        self.crossReferences = crossReferences
    }
}
