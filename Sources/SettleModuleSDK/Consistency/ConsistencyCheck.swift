internal import GRDB

/// Proves a set of module stores consistent with each other: every key a module requires is
/// held, with the same value, by the module that provides it (see ``CrossReference``).
public enum ConsistencyCheck {
    /// One module's store as the check reads it.
    public struct Source: Sendable {
        public let references: [CrossReference]
        public let snapshot: StoreSnapshot
        public var module: String { snapshot.module }

        public init(references: [CrossReference], snapshot: StoreSnapshot) {
            self.references = references
            self.snapshot = snapshot
        }
    }

    /// The outcome for one required reference.
    public struct Finding: Sendable, Hashable {
        public let reference: String
        public let requiredBy: String
        /// The module providing the name; empty when none of the checked stores provides it.
        public let providedBy: String
        public let describes: String
        /// Keys required.
        public let checked: UInt64
        /// Required keys the provider does not hold.
        public let missing: UInt64
        /// Required keys the provider holds with another value.
        public let differing: UInt64
        /// Up to ``exampleLimit`` of the missing or differing keys, each with what was found.
        public let examples: [String]
        /// Why the reference could not be checked (no store provides it); empty otherwise.
        public let skipped: String

        public var consistent: Bool { missing == 0 && differing == 0 }
    }

    public static let exampleLimit = 10

    /// The result over the whole set: consistent when every finding is.
    public struct Report: Sendable, Hashable {
        public let findings: [Finding]
        public var consistent: Bool { findings.allSatisfy(\.consistent) }

        /// One line per problem, for logs: "2038 of 8016 posted bills (settle.collections/bill-charge, required by rating) …".
        public var problems: [String] {
            findings.filter { !$0.consistent }.map { finding in
                "\(finding.missing) of \(finding.checked) \(finding.describes) required by \(finding.requiredBy) are missing from \(finding.providedBy) and \(finding.differing) differ (\(finding.reference)); e.g. \(finding.examples.prefix(3).joined(separator: "; "))"
            }
        }
    }

    /// Reads every source's references and matches each required name with its provider.
    public static func run(_ sources: [Source]) throws -> Report {
        var provided: [String: (module: String, keys: [String: String])] = [:]
        var required: [(module: String, reference: CrossReference, keys: [String: String])] = []
        for source in sources {
            try source.snapshot.reader.read { db in
                for reference in source.references {
                    let keys = try reference.keys(db)
                    switch reference.role {
                    case .provides: provided[reference.name] = (source.module, keys)
                    case .requires: required.append((source.module, reference, keys))
                    }
                }
            }
        }
        var findings: [Finding] = []
        for (module, reference, keys) in required {
            guard let provider = provided[reference.name] else {
                findings.append(Finding(reference: reference.name, requiredBy: module, providedBy: "", describes: reference.describes,
                                        checked: UInt64(keys.count), missing: 0, differing: 0, examples: [],
                                        skipped: "no module of this store set provides \(reference.name)"))
                continue
            }
            var missing: UInt64 = 0
            var differing: UInt64 = 0
            var examples: [String] = []
            for (key, value) in keys.sorted(by: { $0.key < $1.key }) {
                guard let held = provider.keys[key] else {
                    missing += 1
                    if examples.count < exampleLimit { examples.append("\(key): missing") }
                    continue
                }
                if held != value {
                    differing += 1
                    if examples.count < exampleLimit { examples.append("\(key): \(module) has \(value), \(provider.module) has \(held)") }
                }
            }
            findings.append(Finding(reference: reference.name, requiredBy: module, providedBy: provider.module, describes: reference.describes,
                                    checked: UInt64(keys.count), missing: missing, differing: differing, examples: examples, skipped: ""))
        }
        return Report(findings: findings.sorted { ($0.reference, $0.requiredBy) < ($1.reference, $1.requiredBy) })
    }
}
