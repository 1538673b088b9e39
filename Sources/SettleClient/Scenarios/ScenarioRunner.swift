import Foundation
import SettleContracts
public import SettleRPC
import SwiftProtobuf

/// Runs scenarios against any transport, so the same file checks a module in-process and
/// over a socket, and two runs can be compared result by result.
public struct ScenarioRunner: Sendable {
    public let transport: any ClientTransport

    public init(transport: any ClientTransport) {
        self.transport = transport
    }

    /// Reads every `.json` scenario in the given files and folders, in name order.
    public static func load(paths: [String]) throws -> [Scenario] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ScenarioError("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return try files.map { file in
            guard let data = FileManager.default.contents(atPath: file) else { throw ScenarioError("\(file): cannot read") }
            do {
                return try Scenario(json: data, source: file)
            } catch let error as ScenarioError {
                throw error
            } catch {
                throw ScenarioError("\(file): not valid JSON: \(error.localizedDescription)")
            }
        }
    }

    /// What one step did: the status and the response(s) as JSON, and whether it met its
    /// expectations (with the reason when not).
    public struct StepResult: Sendable, Hashable {
        public let step: String
        public let call: String
        public let status: String
        public let statusMessage: String
        public let response: JSONValue
        public let failure: String?
        public var passed: Bool { failure == nil }
    }

    public func run(_ scenario: Scenario) async -> [StepResult] {
        var variables: [String: JSONValue] = [:]
        var results: [StepResult] = []
        for step in scenario.steps {
            let result = await run(step, variables: &variables)
            results.append(result)
        }
        return results
    }

    private func run(_ step: Scenario.Step, variables: inout [String: JSONValue]) async -> StepResult {
        func failed(_ why: String, status: String = "", message: String = "", response: JSONValue = .null) -> StepResult {
            StepResult(step: step.name, call: step.call, status: status, statusMessage: message, response: response, failure: why)
        }
        let entry = ContractCatalog.methods[step.call]
        let descriptor = entry?.descriptor ?? MethodDescriptor(
            service: String(step.call.dropFirst().split(separator: "/").first ?? ""),
            method: String(step.call.split(separator: "/").last ?? ""),
            kind: .unary, requiredRole: .none
        )
        var metadata: [String: String] = [:]
        for (key, value) in step.metadata {
            if case .string(let text) = JSONValue.string(value).substituting(variables) { metadata[key] = text }
        }
        let options = CallOptions(timeout: .milliseconds(Int64(step.timeoutMilliseconds)), metadata: metadata)
        var response = JSONValue.null
        var status = "OK"
        var statusMessage = ""
        do {
            switch descriptor.kind {
            case .unary:
                let bytes = try await transport.unary(descriptor, request: try encode(step.request.substituting(variables), as: entry?.input, step: step), options: options)
                response = try decode(bytes, as: entry?.output)
            case .serverStreaming:
                let stream = try await transport.serverStreaming(descriptor, request: try encode(step.request.substituting(variables), as: entry?.input, step: step), options: options)
                var all: [JSONValue] = []
                for try await bytes in stream { all.append(try decode(bytes, as: entry?.output)) }
                response = .array(all)
            case .clientStreaming:
                let requests = try step.requests.map { try encode($0.substituting(variables), as: entry?.input, step: step) }
                let bytes = try await transport.clientStreaming(descriptor, options: options) { writer in
                    for request in requests { try await writer.write(request) }
                }
                response = try decode(bytes, as: entry?.output)
            }
        } catch let error as RPCError {
            status = error.code.name
            statusMessage = error.message
        } catch let error as ScenarioError {
            return failed(error.description)
        } catch {
            status = StatusCode.unknown.name
            statusMessage = "\(error)"
        }
        guard status == step.expectStatus else {
            return failed("expected status \(step.expectStatus), got \(status): \(statusMessage)", status: status, message: statusMessage, response: response)
        }
        if let text = step.expectMessageContains, !statusMessage.contains(text) {
            return failed("expected the status message to contain \"\(text)\", got \"\(statusMessage)\"", status: status, message: statusMessage, response: response)
        }
        let expected: JSONValue? = step.expectResponses.map { .array($0) } ?? step.expect
        if let expected {
            let substituted = expected.substituting(variables)
            let mismatch = step.match == .exact
                ? (substituted == response ? nil : "response differs")
                : JSONMatcher.mismatch(expected: substituted, actual: response, path: "")
            if let mismatch {
                return failed("\(mismatch)\n  expected: \(substituted.jsonText)\n  actual:   \(response.jsonText)", status: status, message: statusMessage, response: response)
            }
        }
        for (name, path) in step.save {
            guard let value = response.value(at: path) else {
                return failed("cannot save \(name): the response has no field \(path)", status: status, message: statusMessage, response: response)
            }
            variables[name] = value
        }
        return StepResult(step: step.name, call: step.call, status: status, statusMessage: statusMessage, response: response.removing(step.volatile), failure: nil)
    }

    private func encode(_ value: JSONValue, as type: (any SwiftProtobuf.Message.Type)?, step: Scenario.Step) throws -> [UInt8] {
        guard let type else {
            // A method no contract in this build knows: send an empty request and let the server answer.
            return []
        }
        do {
            let message = try type.init(jsonString: value.jsonText)
            return try message.serializedBytes()
        } catch {
            throw ScenarioError("step \"\(step.name)\": request is not a valid \(type.protoMessageName): \(error)")
        }
    }

    private func decode(_ bytes: [UInt8], as type: (any SwiftProtobuf.Message.Type)?) throws -> JSONValue {
        guard let type else { return .null }
        let message = try type.init(serializedBytes: bytes)
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        return try JSONValue(data: Data(message.jsonString(options: options).utf8))
    }
}

/// Compares an expected JSON subset with an actual protobuf-JSON response.
enum JSONMatcher {
    /// nil when every field given in `expected` matches; else where and how it differs.
    static func mismatch(expected: JSONValue, actual: JSONValue?, path: String) -> String? {
        let here = path.isEmpty ? "response" : path
        switch (expected, actual) {
        case (_, nil) where expected.isProtobufDefault:
            return nil  // protobuf-JSON leaves default values out
        case (.object(let fields), .object(let actualFields)?):
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                if let problem = mismatch(expected: value, actual: actualFields[key], path: path.isEmpty ? key : "\(path).\(key)") { return problem }
            }
            return nil
        case (.array(let items), .array(let actualItems)?):
            guard items.count == actualItems.count else { return "\(here): expected \(items.count) items, got \(actualItems.count)" }
            for (index, item) in items.enumerated() {
                if let problem = mismatch(expected: item, actual: actualItems[index], path: "\(here).\(index)") { return problem }
            }
            return nil
        case (.number(let number), .string(let text)?):
            // protobuf-JSON writes 64-bit integers as strings.
            return Double(text) == number ? nil : "\(here): expected \(expected.jsonText), got \(text)"
        case (_, let actual?):
            return expected == actual ? nil : "\(here): expected \(expected.jsonText), got \(actual.jsonText)"
        case (_, nil):
            return "\(here): missing (expected \(expected.jsonText))"
        }
    }
}
