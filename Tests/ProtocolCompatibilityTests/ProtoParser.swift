import Foundation

/// A small proto3 parser: enough of the language to describe a contract's wire shape.
///
/// It reads comments, nested messages and enums, `oneof`, `map<K, V>`, `repeated` / `optional`,
/// `reserved` numbers, ranges and names, options in brackets and option statements (skipped,
/// except a method's `(settle.required_role)`), `extend` blocks, services and rpcs with
/// streaming; `syntax`, `package`, `import` and file options are read past. It follows
/// Protocols/snapshot.py rule for rule, so both render the same snapshot text.
struct ProtoParseError: Error, CustomStringConvertible, Equatable {
    let description: String
}

/// Parsed, unresolved declarations of one or more files.
struct ProtoFiles {
    enum FieldType: Equatable {
        case named(String)
        case map(key: String, value: String)
    }

    struct Field {
        var number: Int
        var name: String
        var type: FieldType
        var label: String
        /// Where type names are looked up from: the enclosing message or package.
        var scope: String
    }

    struct Message {
        var fullName: String
        var fields: [Field] = []
        var reservedRanges: [Snapshot.ReservedRange] = []
        var reservedNames: [String] = []
    }

    struct Enum {
        var fullName: String
        var values: [Snapshot.EnumValue] = []
        var reservedRanges: [Snapshot.ReservedRange] = []
        var reservedNames: [String] = []
    }

    struct Method {
        var name: String
        var request: String
        var response: String
        var clientStreaming: Bool
        var serverStreaming: Bool
        var role: String?
        var scope: String
    }

    struct Service {
        var fullName: String
        var methods: [Method] = []
    }

    struct Extension {
        var extendee: String
        var field: Field
        var fullName: String
    }

    var messages: [Message] = []
    var enums: [Enum] = []
    var services: [Service] = []
    var extensions: [Extension] = []

    /// Parses one file's text into these declarations.
    mutating func parse(_ text: String, source: String) throws(ProtoParseError) {
        var parser = ProtoParser(tokens: try ProtoTokenizer.tokenize(text, source: source), source: source)
        try parser.parseFile(into: &self)
    }

    /// Every `.proto` under a folder, in the order snapshot.py reads them.
    static func load(root: URL) throws -> ProtoFiles {
        var files = ProtoFiles()
        let rootPath = root.standardizedFileURL.path
        var relativePaths: [String] = []
        guard let enumerator = FileManager.default.enumerator(atPath: rootPath) else {
            throw ProtoParseError(description: "\(rootPath): cannot list the folder")
        }
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".proto") { relativePaths.append(relative) }
        }
        relativePaths.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let sourcePrefix = root.standardizedFileURL.lastPathComponent
        for relative in relativePaths {
            let text = try String(contentsOfFile: rootPath + "/" + relative, encoding: .utf8)
            try files.parse(text, source: sourcePrefix + "/" + relative)
        }
        return files
    }

    /// Resolves every type name as protoc would and produces the snapshot model.
    func snapshot() -> Snapshot {
        let known = Set(messages.map(\.fullName) + enums.map(\.fullName))
        func render(_ type: FieldType, scope: String) -> String {
            switch type {
            case .named(let name):
                return ProtoFiles.scalars.contains(name) ? name : Self.resolve(name, scope: scope, known: known)
            case .map(let key, let value):
                return "map<\(render(.named(key), scope: scope)),\(render(.named(value), scope: scope))>"
            }
        }
        func field(_ field: Field) -> Snapshot.Field {
            Snapshot.Field(number: field.number, name: field.name, type: render(field.type, scope: field.scope), label: field.label)
        }
        var result = Snapshot()
        result.messages = messages.map {
            Snapshot.Message(name: $0.fullName, fields: $0.fields.map(field), reservedRanges: $0.reservedRanges, reservedNames: $0.reservedNames)
        }
        result.enums = enums.map {
            Snapshot.Enum(name: $0.fullName, values: $0.values, reservedRanges: $0.reservedRanges, reservedNames: $0.reservedNames)
        }
        result.services = services.map { service in
            Snapshot.Service(name: service.fullName, methods: service.methods.map { method in
                let kind: String
                switch (method.clientStreaming, method.serverStreaming) {
                case (true, true): kind = "bidi_streaming"
                case (true, false): kind = "client_streaming"
                case (false, true): kind = "server_streaming"
                case (false, false): kind = "unary"
                }
                return Snapshot.Method(
                    name: method.name,
                    request: Self.resolve(method.request, scope: method.scope, known: known),
                    response: Self.resolve(method.response, scope: method.scope, known: known),
                    kind: kind, role: method.role ?? "-"
                )
            })
        }
        result.extensions = extensions.map { ext in
            Snapshot.Extension(
                name: ext.fullName, extendee: Self.resolve(ext.extendee, scope: ext.field.scope, known: known),
                number: ext.field.number, type: render(ext.field.type, scope: ext.field.scope), label: ext.field.label
            )
        }
        return result
    }

    static let scalars: Set<String> = [
        "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
        "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
    ]

    /// The full name of a type referenced as `name` from `scope`: the innermost enclosing
    /// scope that defines it, else the name as written.
    static func resolve(_ name: String, scope: String, known: Set<String>) -> String {
        if name.hasPrefix(".") { return String(name.dropFirst()) }
        var parts = scope.isEmpty ? [] : scope.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        while true {
            let candidate = (parts + [name]).joined(separator: ".")
            if known.contains(candidate) { return candidate }
            if parts.isEmpty { return name }
            parts.removeLast()
        }
    }
}

// MARK: - Tokens

struct ProtoToken: Equatable {
    enum Kind: Equatable { case identifier, number, string, symbol }
    var kind: Kind
    var text: String
    var line: Int
}

enum ProtoTokenizer {
    private static let symbols = Set("{}[]()<>;,=:-+".utf8)

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "_") || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    private static func isIdentifierCharacter(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    private static func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    static func tokenize(_ text: String, source: String) throws(ProtoParseError) -> [ProtoToken] {
        let bytes = Array(text.utf8)
        let n = bytes.count
        var tokens: [ProtoToken] = []
        var i = 0
        var line = 1
        func at(_ index: Int) -> UInt8? { index < n ? bytes[index] : nil }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\n") {
                line += 1
                i += 1
            } else if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == 0x0C || c == 0x0B {
                i += 1
            } else if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "/") {
                while i < n, bytes[i] != UInt8(ascii: "\n") { i += 1 }
            } else if c == UInt8(ascii: "/"), at(i + 1) == UInt8(ascii: "*") {
                var j = i + 2
                while j + 1 < n, !(bytes[j] == UInt8(ascii: "*") && bytes[j + 1] == UInt8(ascii: "/")) { j += 1 }
                guard j + 1 < n else { throw ProtoParseError(description: "\(source):\(line): unterminated /* comment") }
                line += bytes[i..<j].filter { $0 == UInt8(ascii: "\n") }.count
                i = j + 2
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                let startLine = line
                var j = i + 1
                while true {
                    guard j < n, bytes[j] != UInt8(ascii: "\n") else {
                        throw ProtoParseError(description: "\(source):\(startLine): unterminated string")
                    }
                    if bytes[j] == c { break }
                    j += bytes[j] == UInt8(ascii: "\\") && j + 1 < n ? 2 : 1
                }
                let value = unescape(string((i + 1)..<j))
                if let last = tokens.last, last.kind == .string {
                    tokens[tokens.count - 1].text += value  // adjacent literals are one string, as in C
                } else {
                    tokens.append(ProtoToken(kind: .string, text: value, line: startLine))
                }
                i = j + 1
            } else if isIdentifierStart(c) || (c == UInt8(ascii: ".") && at(i + 1).map(isIdentifierStart) == true) {
                var j = i + 1
                while j < n, isIdentifierCharacter(bytes[j]) || (bytes[j] == UInt8(ascii: ".") && at(j + 1).map(isIdentifierStart) == true) {
                    j += 1
                }
                tokens.append(ProtoToken(kind: .identifier, text: string(i..<j), line: line))
                i = j
            } else if isDigit(c) || (c == UInt8(ascii: ".") && at(i + 1).map(isDigit) == true) {
                let hex = string(i..<min(i + 2, n)).lowercased() == "0x"
                var j = i + 1
                while j < n {
                    let d = bytes[j]
                    let exponentSign = (d == UInt8(ascii: "+") || d == UInt8(ascii: "-"))
                        && (bytes[j - 1] == UInt8(ascii: "e") || bytes[j - 1] == UInt8(ascii: "E")) && !hex
                    guard isIdentifierCharacter(d) || d == UInt8(ascii: ".") || exponentSign else { break }
                    j += 1
                }
                tokens.append(ProtoToken(kind: .number, text: string(i..<j), line: line))
                i = j
            } else if symbols.contains(c) {
                tokens.append(ProtoToken(kind: .symbol, text: String(UnicodeScalar(c)), line: line))
                i += 1
            } else {
                let end = min(n, i + 4)
                let character = String(decoding: bytes[i..<end], as: UTF8.self).first.map(String.init) ?? "?"
                throw ProtoParseError(description: "\(source):\(line): unexpected character \(character.debugDescription)")
            }
        }
        return tokens
    }

    /// Only the simple escapes matter here (role names, reserved names); others stay as written.
    static func unescape(_ body: String) -> String {
        let simple: [Character: Character] = ["n": "\n", "t": "\t", "r": "\r", "\\": "\\", "\"": "\"", "'": "'"]
        let characters = Array(body)
        var result = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "\\", index + 1 < characters.count, let replacement = simple[characters[index + 1]] {
                result.append(replacement)
                index += 2
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }

    /// Decimal, octal (leading 0) or hexadecimal (0x) integer, as protoc reads them.
    static func integer(_ text: String) -> Int? {
        let lower = text.lowercased()
        let digits = Array(lower.utf8)
        if lower.hasPrefix("0x") {
            guard digits.count > 2, digits.dropFirst(2).allSatisfy({ isDigit($0) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }) else { return nil }
            return Int(lower.dropFirst(2), radix: 16)
        }
        if lower.hasPrefix("0") {
            guard digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) else { return nil }
            return Int(lower, radix: 8)
        }
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return nil }
        return Int(lower, radix: 10)
    }
}

// MARK: - Parser

struct ProtoParser {
    private let tokens: [ProtoToken]
    private var position = 0
    private let source: String
    private var package = ""

    init(tokens: [ProtoToken], source: String) {
        self.tokens = tokens
        self.source = source
    }

    // MARK: token helpers

    private func peek(_ offset: Int = 0) -> ProtoToken? {
        position + offset < tokens.count ? tokens[position + offset] : nil
    }

    private func fail(_ what: String) -> ProtoParseError {
        if let token = peek() {
            return ProtoParseError(description: "\(source):\(token.line): expected \(what), found \(token.text.debugDescription)")
        }
        return ProtoParseError(description: "\(source): at end of file: expected \(what), found end of file")
    }

    private mutating func next() throws(ProtoParseError) -> ProtoToken {
        guard let token = peek() else { throw fail("more input") }
        position += 1
        return token
    }

    private func at(_ text: String) -> Bool {
        guard let token = peek() else { return false }
        return (token.kind == .symbol || token.kind == .identifier) && token.text == text
    }

    private func isIdentifier(_ offset: Int) -> Bool { peek(offset)?.kind == .identifier }

    private func isSymbol(_ offset: Int, _ text: String) -> Bool {
        guard let token = peek(offset) else { return false }
        return token.kind == .symbol && token.text == text
    }

    @discardableResult
    private mutating func accept(_ text: String) -> Bool {
        guard at(text) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ text: String) throws(ProtoParseError) {
        guard accept(text) else { throw fail("'\(text)'") }
    }

    private mutating func identifier(_ what: String = "a name") throws(ProtoParseError) -> String {
        guard let token = peek(), token.kind == .identifier else { throw fail(what) }
        position += 1
        return token.text
    }

    private mutating func integer() throws(ProtoParseError) -> Int {
        let negative = accept("-")
        guard let token = peek(), token.kind == .number else { throw fail("a number") }
        position += 1
        guard let value = ProtoTokenizer.integer(token.text) else {
            throw ProtoParseError(description: "\(source):\(token.line): expected an integer, found \(token.text.debugDescription)")
        }
        return negative ? -value : value
    }

    /// Skips to the `;` ending the statement, over balanced (), [] and {}.
    private mutating func skipStatement() throws(ProtoParseError) {
        var depth = 0
        while true {
            let token = try next()
            guard token.kind == .symbol else { continue }
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ";" where depth == 0: return
            default: break
            }
        }
    }

    /// Skips a `[...]` option list if one follows.
    private mutating func skipBrackets() throws(ProtoParseError) {
        guard at("[") else { return }
        var depth = 0
        while true {
            let token = try next()
            guard token.kind == .symbol else { continue }
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}":
                depth -= 1
                if depth == 0 { return }
            default: break
            }
        }
    }

    private func qualify(_ scope: String, _ name: String) -> String {
        scope.isEmpty ? name : "\(scope).\(name)"
    }

    // MARK: grammar

    mutating func parseFile(into files: inout ProtoFiles) throws(ProtoParseError) {
        while peek() != nil {
            if accept(";") { continue }
            let word = try identifier("a top-level statement")
            switch word {
            case "syntax", "edition", "import", "option":
                try skipStatement()
            case "package":
                package = try identifier("a package name")
                try expect(";")
            case "message":
                try parseMessage(scope: package, into: &files)
            case "enum":
                try parseEnum(scope: package, into: &files)
            case "service":
                try parseService(into: &files)
            case "extend":
                try parseExtend(scope: package, into: &files)
            default:
                position -= 1
                throw fail("syntax, package, import, option, message, enum, service or extend")
            }
        }
    }

    private mutating func parseMessage(scope: String, into files: inout ProtoFiles) throws(ProtoParseError) {
        let index = files.messages.count
        files.messages.append(ProtoFiles.Message(fullName: qualify(scope, try identifier("a message name"))))
        try expect("{")
        try parseMessageBody(index: index, oneof: nil, into: &files)
    }

    /// A keyword that opens a block (`message Name {`), as opposed to a field of that type.
    private func atBlock(_ keyword: String) -> Bool {
        at(keyword) && peek()?.kind == .identifier && isIdentifier(1) && isSymbol(2, "{")
    }

    private mutating func parseMessageBody(index: Int, oneof: String?, into files: inout ProtoFiles) throws(ProtoParseError) {
        let scope = files.messages[index].fullName
        while !accept("}") {
            if accept(";") { continue }
            guard let token = peek() else { throw fail("'}'") }
            let word = token.kind == .identifier ? token.text : nil
            if word == "option" || word == "extensions" {
                position += 1
                try skipStatement()
            } else if word == "reserved", oneof == nil {
                position += 1
                var ranges = files.messages[index].reservedRanges
                var names = files.messages[index].reservedNames
                try parseReserved(ranges: &ranges, names: &names)
                files.messages[index].reservedRanges = ranges
                files.messages[index].reservedNames = names
            } else if oneof == nil, atBlock("message") {
                position += 1
                try parseMessage(scope: scope, into: &files)
            } else if oneof == nil, atBlock("enum") {
                position += 1
                try parseEnum(scope: scope, into: &files)
            } else if oneof == nil, atBlock("extend") {
                position += 1
                try parseExtend(scope: scope, into: &files)
            } else if oneof == nil, atBlock("oneof") {
                position += 1
                let name = try identifier()
                try expect("{")
                try parseMessageBody(index: index, oneof: name, into: &files)
            } else {
                let field = try parseField(scope: scope, oneof: oneof)
                files.messages[index].fields.append(field)
            }
        }
    }

    private mutating func parseField(scope: String, oneof: String?) throws(ProtoParseError) -> ProtoFiles.Field {
        var label = ""
        if oneof == nil, let token = peek(), token.kind == .identifier,
           ["repeated", "optional", "required"].contains(token.text), isIdentifier(1) {
            label = token.text
            position += 1
        }
        let type: ProtoFiles.FieldType
        if at("map"), isSymbol(1, "<") {
            position += 2
            let key = try identifier("a map key type")
            try expect(",")
            let value = try identifier("a map value type")
            try expect(">")
            type = .map(key: key, value: value)
        } else {
            type = .named(try identifier("a field type"))
        }
        let name = try identifier("a field name")
        try expect("=")
        let number = try integer()
        try skipBrackets()
        try expect(";")
        if let oneof { label = "oneof:" + oneof }
        return ProtoFiles.Field(number: number, name: name, type: type, label: label, scope: scope)
    }

    private mutating func parseReserved(ranges: inout [Snapshot.ReservedRange], names: inout [String]) throws(ProtoParseError) {
        while true {
            if let token = peek(), token.kind == .string {
                position += 1
                names.append(token.text)
            } else if let token = peek(), token.kind == .identifier, token.text != "max" {
                // Editions write reserved names as bare identifiers.
                position += 1
                names.append(token.text)
            } else {
                let start = try integer()
                var end = Snapshot.ReservedRange.End.number(start)
                if accept("to") {
                    end = accept("max") ? .max : .number(try integer())
                }
                ranges.append(Snapshot.ReservedRange(start: start, end: end))
            }
            if accept(";") { return }
            try expect(",")
        }
    }

    private mutating func parseEnum(scope: String, into files: inout ProtoFiles) throws(ProtoParseError) {
        var enumeration = ProtoFiles.Enum(fullName: qualify(scope, try identifier("an enum name")))
        try expect("{")
        while !accept("}") {
            if accept(";") { continue }
            if at("option"), peek(1)?.text != "=" {
                position += 1
                try skipStatement()
            } else if at("reserved"), peek(1)?.text != "=" {
                position += 1
                try parseReserved(ranges: &enumeration.reservedRanges, names: &enumeration.reservedNames)
            } else {
                let name = try identifier("an enum value name")
                try expect("=")
                let number = try integer()
                try skipBrackets()
                try expect(";")
                enumeration.values.append(Snapshot.EnumValue(number: number, name: name))
            }
        }
        files.enums.append(enumeration)
    }

    private mutating func parseService(into files: inout ProtoFiles) throws(ProtoParseError) {
        var service = ProtoFiles.Service(fullName: qualify(package, try identifier("a service name")))
        try expect("{")
        while !accept("}") {
            if accept(";") { continue }
            let word = try identifier("rpc or option")
            switch word {
            case "option": try skipStatement()
            case "rpc": service.methods.append(try parseRPC())
            default:
                position -= 1
                throw fail("rpc or option")
            }
        }
        files.services.append(service)
    }

    private mutating func parseRPC() throws(ProtoParseError) -> ProtoFiles.Method {
        let name = try identifier("a method name")
        try expect("(")
        let clientStreaming = at("stream") && isIdentifier(1)
        if clientStreaming { position += 1 }
        let request = try identifier("a request type")
        try expect(")")
        try expect("returns")
        try expect("(")
        let serverStreaming = at("stream") && isIdentifier(1)
        if serverStreaming { position += 1 }
        let response = try identifier("a response type")
        try expect(")")
        var role: String?
        if accept("{") {
            while !accept("}") {
                if accept(";") { continue }
                try expect("option")
                let start = position
                if accept("("), let option = peek(), option.kind == .identifier,
                   option.text.drop(while: { $0 == "." }) == "settle.required_role",
                   peek(1)?.text == ")", peek(2)?.text == "=", let value = peek(3), value.kind == .string {
                    role = value.text
                    position += 4
                    try expect(";")
                } else {
                    position = start
                    try skipStatement()
                }
            }
        } else {
            try expect(";")
        }
        return ProtoFiles.Method(
            name: name, request: request, response: response,
            clientStreaming: clientStreaming, serverStreaming: serverStreaming, role: role, scope: package
        )
    }

    private mutating func parseExtend(scope: String, into files: inout ProtoFiles) throws(ProtoParseError) {
        let extendee = try identifier("an extended message")
        try expect("{")
        while !accept("}") {
            if accept(";") { continue }
            let field = try parseField(scope: scope, oneof: nil)
            files.extensions.append(ProtoFiles.Extension(extendee: extendee, field: field, fullName: qualify(scope, field.name)))
        }
    }
}
