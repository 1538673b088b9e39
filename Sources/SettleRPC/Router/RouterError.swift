/// Why a method could not be registered: a start-up error, never a call-time one.
public enum RouterError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicateMethod(method: String, firstModule: String, secondModule: String)
    case kindMismatch(method: String, declared: MethodKind, handler: MethodKind)

    public var description: String {
        switch self {
        case let .duplicateMethod(method, first, second):
            "method \(method) is registered twice: by module \(first) and by module \(second)"
        case let .kindMismatch(method, declared, handler):
            "method \(method) is declared \(declared.rawValue) but its handler is \(handler.rawValue)"
        }
    }
}
