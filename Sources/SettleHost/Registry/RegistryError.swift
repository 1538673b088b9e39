/// Why the host could not assemble its modules; every case is a start-up error.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    case duplicateModule(String)
    case contractServedTwice(contract: String, modules: [String])
    case missingDependency(module: String, contract: String)
    case servedAndRemote(contract: String, module: String, socket: String)
    case undeclaredMethod(module: String, method: String)
    case unknownDisabledModule(String)
    case invalidModuleName(String)

    public var description: String {
        switch self {
        case .duplicateModule(let name):
            "module \(name) is listed twice"
        case let .contractServedTwice(contract, modules):
            "contract \(contract) is served by more than one module: \(modules.joined(separator: ", "))"
        case let .missingDependency(module, contract):
            "module \(module) consumes \(contract), which no loaded module serves and no modules.remote entry names"
        case let .servedAndRemote(contract, module, socket):
            "contract \(contract) is served here by module \(module) and also configured remote at \(socket); disable the module or drop the remote entry"
        case let .undeclaredMethod(module, method):
            "module \(module) registered \(method), a method of a contract it does not declare in serves"
        case .unknownDisabledModule(let name):
            "modules.disabled names \(name), which is not a module of this build"
        case .invalidModuleName(let name):
            "module name \"\(name)\" must be lower-case letters and digits"
        }
    }
}
