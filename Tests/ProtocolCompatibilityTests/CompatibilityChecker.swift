/// Compares two snapshots of the contracts and names every change that breaks a client built
/// against the older one — on the wire (protobuf binary), in protobuf-JSON (which names fields
/// and enum values) or in what a caller is allowed to do. Additions are never reported.
enum CompatibilityChecker {
    static func breakingChanges(from old: Snapshot, to new: Snapshot) -> [String] {
        var problems: [String] = []
        problems += messageChanges(old, new)
        problems += enumChanges(old, new)
        problems += serviceChanges(old, new)
        problems += extensionChanges(old, new)
        return problems
    }

    // MARK: - Messages

    private static func messageChanges(_ old: Snapshot, _ new: Snapshot) -> [String] {
        var problems: [String] = []
        let current = Dictionary(new.messages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for before in old.messages.sorted(by: { $0.name < $1.name }) {
            guard let after = current[before.name] else {
                problems.append("message \(before.name) was removed (or renamed): clients still send and expect it")
                continue
            }
            for field in before.fields.sorted(by: { $0.number < $1.number }) {
                let what = "field \(before.name).\(field.name) (number \(field.number))"
                guard let now = after.fields.first(where: { $0.number == field.number }) else {
                    if !after.reserves(field.number) {
                        problems.append("\(what) was removed without reserving its number: add `reserved \(field.number);` (and `reserved \"\(field.name)\";`) to message \(before.name) so the number is never reused")
                    }
                    continue
                }
                if now.name != field.name {
                    problems.append("field \(before.name) number \(field.number) was renamed from \(field.name) to \(now.name): protobuf-JSON names fields, so JSON clients break")
                }
                if now.type != field.type {
                    problems.append("\(what) changed type from \(field.type) to \(now.type)")
                }
                if let change = labelChange(field, now, before: before, after: after) {
                    problems.append("\(what) \(change)")
                }
            }
            problems += reservedChanges(
                owner: "message \(before.name)",
                old: (before.reservedRanges, before.reservedNames), new: (after.reservedRanges, after.reservedNames)
            )
        }
        return problems
    }

    private static func describe(_ label: String) -> String {
        if label.isEmpty { return "singular" }
        if label.hasPrefix("oneof:") { return "oneof \(label.dropFirst("oneof:".count))" }
        return label
    }

    /// nil when the label is the same, or when the only difference is the name of the oneof
    /// holding the field (a oneof's name is not on the wire nor in JSON) with the same members.
    private static func labelChange(_ field: Snapshot.Field, _ now: Snapshot.Field, before: Snapshot.Message, after: Snapshot.Message) -> String? {
        guard field.label != now.label else { return nil }
        if field.label.hasPrefix("oneof:"), now.label.hasPrefix("oneof:") {
            let oldMembers = Set(before.fields.filter { $0.label == field.label }.map(\.number))
            let newMembers = Set(after.fields.filter { $0.label == now.label }.map(\.number))
            let oldNumbers = Set(before.fields.map(\.number))
            // Renamed oneof: every old member is still in it, and it took in no field that existed outside it.
            if oldMembers.isSubset(of: newMembers), newMembers.intersection(oldNumbers).isSubset(of: oldMembers) { return nil }
            return "moved from \(describe(field.label)) to \(describe(now.label))"
        }
        return "changed label from \(describe(field.label)) to \(describe(now.label))"
    }

    /// Reserved numbers and names must stay reserved, or a later change can reuse them.
    private static func reservedChanges(
        owner: String,
        old: (ranges: [Snapshot.ReservedRange], names: [String]),
        new: (ranges: [Snapshot.ReservedRange], names: [String])
    ) -> [String] {
        var problems: [String] = []
        for range in old.ranges where !covered(range, by: new.ranges) {
            problems.append("\(owner) no longer reserves \(range.text): reserved numbers must stay reserved so they are never reused")
        }
        for name in old.names where !new.names.contains(name) {
            problems.append("\(owner) no longer reserves the name \"\(name)\": reserved names must stay reserved so they are never reused")
        }
        return problems
    }

    private static func covered(_ range: Snapshot.ReservedRange, by ranges: [Snapshot.ReservedRange]) -> Bool {
        var next = range.start
        for candidate in ranges.sorted(by: { $0.start < $1.start }) where candidate.start <= next {
            if candidate.upperBound >= range.upperBound { return true }
            if candidate.upperBound >= next { next = candidate.upperBound + 1 }
        }
        return false
    }

    // MARK: - Enums

    private static func enumChanges(_ old: Snapshot, _ new: Snapshot) -> [String] {
        var problems: [String] = []
        let current = Dictionary(new.enums.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for before in old.enums.sorted(by: { $0.name < $1.name }) {
            guard let after = current[before.name] else {
                problems.append("enum \(before.name) was removed (or renamed): fields of that type no longer decode")
                continue
            }
            for value in before.values.sorted(by: { ($0.number, $0.name) < ($1.number, $1.name) }) {
                let now = after.values.filter { $0.number == value.number }
                if now.isEmpty {
                    if !after.reserves(value.number) {
                        problems.append("enum value \(before.name).\(value.name) (number \(value.number)) was removed without reserving its number: add `reserved \(value.number);` (and `reserved \"\(value.name)\";`) to enum \(before.name)")
                    }
                } else if !now.contains(where: { $0.name == value.name }) {
                    problems.append("enum value \(before.name) number \(value.number) was renamed from \(value.name) to \(now.map(\.name).joined(separator: ", ")): protobuf-JSON writes enum values by name, so JSON clients break")
                }
            }
            problems += reservedChanges(
                owner: "enum \(before.name)",
                old: (before.reservedRanges, before.reservedNames), new: (after.reservedRanges, after.reservedNames)
            )
        }
        return problems
    }

    // MARK: - Services

    static let roleRanks = ["none": 0, "viewer": 1, "clerk": 2, "supervisor": 3, "admin": 4]

    private static func serviceChanges(_ old: Snapshot, _ new: Snapshot) -> [String] {
        var problems: [String] = []
        let current = Dictionary(new.services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for before in old.services.sorted(by: { $0.name < $1.name }) {
            guard let after = current[before.name] else {
                problems.append("service \(before.name) was removed (or renamed): every call to its \(before.methods.count) method(s) now fails with UNIMPLEMENTED")
                continue
            }
            for method in before.methods.sorted(by: { $0.name < $1.name }) {
                let path = "/\(before.name)/\(method.name)"
                guard let now = after.methods.first(where: { $0.name == method.name }) else {
                    problems.append("method \(path) was removed (or renamed): its callers now get UNIMPLEMENTED")
                    continue
                }
                if now.request != method.request {
                    problems.append("method \(path) request type changed from \(method.request) to \(now.request)")
                }
                if now.response != method.response {
                    problems.append("method \(path) response type changed from \(method.response) to \(now.response)")
                }
                if now.kind != method.kind {
                    problems.append("method \(path) changed from \(method.kind) to \(now.kind)")
                }
                if now.role != method.role {
                    switch (roleRanks[method.role], roleRanks[now.role]) {
                    case let (from?, to?) where to > from:
                        problems.append("method \(path) required role raised from \(method.role) to \(now.role): a contract change (callers below \(now.role) are now refused with PERMISSION_DENIED)")
                    case let (from?, to?) where to < from:
                        problems.append("method \(path) required role lowered from \(method.role) to \(now.role): a contract change (callers below \(method.role) are now let in)")
                    default:
                        problems.append("method \(path) required role changed from \(method.role) to \(now.role): a contract change")
                    }
                }
            }
        }
        return problems
    }

    // MARK: - Extensions

    private static func extensionChanges(_ old: Snapshot, _ new: Snapshot) -> [String] {
        var problems: [String] = []
        for before in old.extensions.sorted(by: { ($0.extendee, $0.number) < ($1.extendee, $1.number) }) {
            let what = "extension \(before.name) (number \(before.number) of \(before.extendee))"
            guard let now = new.extensions.first(where: { $0.extendee == before.extendee && $0.number == before.number }) else {
                problems.append("\(what) was removed (or renumbered): options and data written with it no longer read back")
                continue
            }
            if now.name != before.name {
                problems.append("\(what) was renamed to \(now.name)")
            }
            if now.type != before.type {
                problems.append("\(what) changed type from \(before.type) to \(now.type)")
            }
            if now.label != before.label {
                problems.append("\(what) changed label from \(describe(before.label)) to \(describe(now.label))")
            }
        }
        return problems
    }
}
