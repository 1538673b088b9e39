public import Foundation

/// A scenario file: a named sequence of calls with their inputs and expected outputs.
///
/// Format (JSON; documented in Protocols/SCENARIOS.md):
/// ```json
/// { "name": "host basics",
///   "steps": [
///     { "name": "health", "call": "/settle.host.v1.Host/Health", "request": {},
///       "expect": { "status": "SERVING" } },
///     { "call": "/settle.nope.v1.Nope/X", "expect_status": "UNIMPLEMENTED" } ] }
/// ```
public struct Scenario: Sendable {
    public let name: String
    public let steps: [Step]
    /// Where the scenario came from, for messages.
    public let source: String

    public struct Step: Sendable {
        public let name: String
        /// Full method name, e.g. `/settle.host.v1.Host/Health`.
        public let call: String
        /// The request as protobuf-JSON (`requests` for client streaming).
        public let request: JSONValue
        public let requests: [JSONValue]
        /// Fields the response must have; for server streaming, `responses` (a list).
        public let expect: JSONValue?
        public let expectResponses: [JSONValue]?
        /// `exact` compares the whole response; `fields` (default) only the fields given.
        public let match: Match
        /// The status the call must end with (default OK).
        public let expectStatus: String
        /// Text the status message must contain, when the status is not OK.
        public let expectMessageContains: String?
        /// Metadata sent with the call (e.g. `idempotency-key`).
        public let metadata: [String: String]
        /// Values to remember from the response, by name → dotted field path.
        public let save: [String: String]
        /// Deadline for the call (default 60 s).
        public let timeoutMilliseconds: Int
        /// Response fields that legitimately differ run to run (times, pids): left out when
        /// two runs are compared.
        public let volatile: [String]
    }

    public enum Match: String, Sendable { case fields, exact }

    /// Parses a scenario; errors name the step and field that is wrong.
    public init(json data: Data, source: String) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ScenarioError("\(source): a scenario file is a JSON object with \"name\" and \"steps\"")
        }
        guard let steps = root["steps"] as? [[String: Any]] else {
            throw ScenarioError("\(source): \"steps\" must be a list of objects")
        }
        self.source = source
        self.name = root["name"] as? String ?? source
        self.steps = try steps.enumerated().map { index, step in try Step(step, index: index + 1, source: source) }
    }
}

extension Scenario.Step {
    init(_ object: [String: Any], index: Int, source: String) throws {
        guard let call = object["call"] as? String, call.hasPrefix("/") else {
            throw ScenarioError("\(source) step \(index): \"call\" must be a full method name such as /settle.host.v1.Host/Health")
        }
        self.call = call
        self.name = object["name"] as? String ?? "step \(index)"
        self.request = JSONValue(object["request"] ?? [String: Any]())
        self.requests = (object["requests"] as? [Any] ?? []).map(JSONValue.init)
        self.expect = object["expect"].map(JSONValue.init)
        self.expectResponses = (object["expect_responses"] as? [Any]).map { $0.map(JSONValue.init) }
        guard let match = Scenario.Match(rawValue: object["match"] as? String ?? "fields") else {
            throw ScenarioError("\(source) step \(index): \"match\" must be \"fields\" or \"exact\"")
        }
        self.match = match
        self.expectStatus = (object["expect_status"] as? String ?? "OK").uppercased()
        self.expectMessageContains = object["expect_message_contains"] as? String
        self.metadata = object["metadata"] as? [String: String] ?? [:]
        self.save = object["save"] as? [String: String] ?? [:]
        self.timeoutMilliseconds = object["timeout_ms"] as? Int ?? 60_000
        self.volatile = object["volatile"] as? [String] ?? []
    }
}

/// A scenario that cannot be read or run, with the file and step named.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
