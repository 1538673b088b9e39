public import Foundation

/// A JSON value that is Sendable and comparable, for scenario inputs and outputs.
public indirect enum JSONValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Converts what JSONSerialization produced.
    public init(_ any: Any) {
        switch any {
        case let value as NSNumber where isBoolean(value): self = .bool(value.boolValue)
        case let value as NSNumber: self = .number(value.doubleValue)
        case let value as Bool: self = .bool(value)
        case let value as String: self = .string(value)
        case let value as [Any]: self = .array(value.map(JSONValue.init))
        case let value as [String: Any]: self = .object(value.mapValues(JSONValue.init))
        default: self = .null
        }
    }

    public init(data: Data) throws {
        self.init(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    /// The value as Foundation objects, for JSONSerialization.
    public var foundation: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .number(let value): value.rounded() == value && abs(value) < 9e15 ? Int64(value) as Any : value
        case .string(let value): value
        case .array(let values): values.map(\.foundation)
        case .object(let values): values.mapValues(\.foundation)
        }
    }

    public var jsonText: String {
        guard let data = try? JSONSerialization.data(withJSONObject: foundation, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public var description: String { jsonText }

    /// The value at a dotted path such as `modules.0.name`.
    public func value(at path: String) -> JSONValue? {
        var current: JSONValue? = self
        for component in path.split(separator: ".") {
            switch current {
            case .object(let values)?: current = values[String(component)]
            case .array(let values)?:
                guard let index = Int(component), values.indices.contains(index) else { return nil }
                current = values[index]
            default: return nil
            }
        }
        return current
    }

    /// The same value without the fields at the given dotted paths (`*` matches every item).
    public func removing(_ paths: [String]) -> JSONValue {
        paths.reduce(self) { $0.removing(path: $1.split(separator: ".").map(String.init)) }
    }

    private func removing(path: [String]) -> JSONValue {
        guard let head = path.first else { return self }
        let rest = Array(path.dropFirst())
        switch self {
        case .object(var values):
            if rest.isEmpty { values[head] = nil } else if let child = values[head] { values[head] = child.removing(path: rest) }
            return .object(values)
        case .array(let values) where head == "*":
            return .array(values.map { rest.isEmpty ? .null : $0.removing(path: rest) })
        default:
            return self
        }
    }

    /// Whether a protobuf-JSON value leaves this out because it is the field's default.
    var isProtobufDefault: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .number(let value): value == 0
        case .string(let value): value.isEmpty || value == "0"
        case .array(let values): values.isEmpty
        case .object(let values): values.isEmpty
        }
    }

    /// Replaces `${name}` in every string with remembered values.
    func substituting(_ variables: [String: JSONValue]) -> JSONValue {
        switch self {
        case .string(let text):
            if text.hasPrefix("${"), text.hasSuffix("}"), let whole = variables[String(text.dropFirst(2).dropLast())] { return whole }
            var result = text
            for (name, value) in variables {
                let replacement: String
                if case .string(let string) = value { replacement = string } else { replacement = value.jsonText }
                result = result.replacingOccurrences(of: "${\(name)}", with: replacement)
            }
            return .string(result)
        case .array(let values): return .array(values.map { $0.substituting(variables) })
        case .object(let values): return .object(values.mapValues { $0.substituting(variables) })
        default: return self
        }
    }
}

/// Tells booleans from numbers in what JSONSerialization returns (both are NSNumber).
private func isBoolean(_ number: NSNumber) -> Bool {
    let type = String(cString: number.objCType)
    return (type == "c" || type == "B") && (number.int64Value == 0 || number.int64Value == 1)
}
