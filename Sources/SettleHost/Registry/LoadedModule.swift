public import SettleModuleSDK

/// A module as the host runs it: its instance, its store, and where its dependencies live.
public struct LoadedModule: Sendable {
    public let descriptor: ModuleDescriptor
    public let instance: any SettleModule
    public let store: ModuleStore?
    /// For each consumed contract: "in-process" or "unix:PATH".
    public let consumedFrom: [String: String]
}
