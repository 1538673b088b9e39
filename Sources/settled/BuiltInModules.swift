import SettleModuleSDK

/// The modules this build of `settled` loads, in the order they are created.
enum BuiltInModules {
    static let all: [any SettleModule.Type] = []
}
