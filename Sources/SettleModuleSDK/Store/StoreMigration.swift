/// One forward-only schema step of a module's store, written as SQL.
///
/// Migrations are never edited or removed once shipped; a change is a new migration
/// appended to the list. Ids are `<module>.<nnnn>-<what>`: the module's name, a dot,
/// a 4-digit number that strictly increases along the list, a dash, and a lower-case
/// kebab description — e.g. `accounts.0001-create-customers`.
///
/// The SQL is plain SQLite text (several statements allowed); it must not depend on
/// application types, so a migration means the same thing forever.
public struct StoreMigration: Sendable, Hashable {
    /// The migration's permanent name, `<module>.<nnnn>-<what>`.
    public let id: String
    /// The SQL that performs the step.
    public let sql: String

    /// Creates a migration; names are checked when a store opens (or by ``validate(_:module:)``).
    public init(id: String, sql: String) {
        self.id = id
        self.sql = sql
    }

    /// Checks a module's migration list against the naming and ordering rules.
    ///
    /// Lets a module test its list without opening a store. Throws
    /// ``StoreError/Code/invalidModuleName`` or ``StoreError/Code/invalidMigration``
    /// naming the first bad id.
    public static func validate(_ migrations: [StoreMigration], module: String) throws {
        try ModuleName.validate(module)
        var previous: (id: String, number: Int)?
        for migration in migrations {
            let number = try parseNumber(of: migration.id, module: module)
            if let previous, number <= previous.number {
                throw StoreError(
                    .invalidMigration,
                    "migration '\(migration.id)' must have a higher number than '\(previous.id)' before it "
                        + "(numbers strictly increase; append new migrations at the end)")
            }
            if migration.sql.allSatisfy(\.isWhitespace) {
                throw StoreError(.invalidMigration, "migration '\(migration.id)' has no SQL")
            }
            previous = (migration.id, number)
        }
    }

    /// The number in `<module>.<nnnn>-<what>`, or an error naming what is wrong with `id`.
    private static func parseNumber(of id: String, module: String) throws -> Int {
        let example = "\(module).0001-create-customers"
        let prefix = "\(module)."
        guard id.hasPrefix(prefix) else {
            throw StoreError(
                .invalidMigration, "migration id '\(id)' must start with '\(prefix)' (e.g. '\(example)')")
        }
        let rest = id.dropFirst(prefix.count)
        let digits = rest.prefix(4)
        guard digits.count == 4, digits.allSatisfy({ ("0"..."9").contains($0) }),
            rest.dropFirst(4).first == "-"
        else {
            throw StoreError(
                .invalidMigration,
                "migration id '\(id)' must be '\(prefix)<nnnn>-<what>' with a 4-digit number (e.g. '\(example)')")
        }
        let what = rest.dropFirst(5)
        guard ModuleName.isLowerKebab(what) else {
            throw StoreError(
                .invalidMigration,
                "migration id '\(id)' must end in a lower-case kebab description after the number "
                    + "(letters a-z, digits, single dashes; e.g. '\(example)')")
        }
        guard let number = Int(digits), number > 0 else {
            throw StoreError(.invalidMigration, "migration id '\(id)' must be numbered from 0001")
        }
        return number
    }
}

/// The rules for module names, which also name the store's file.
enum ModuleName {
    static func validate(_ module: String) throws {
        guard isLowerKebab(module[...]), module.first?.isLetter == true else {
            throw StoreError(
                .invalidModuleName,
                "module name '\(module)' must be lower-case kebab starting with a letter (e.g. 'accounts')")
        }
    }

    /// Non-empty words of `a-z`/`0-9` joined by single dashes.
    static func isLowerKebab(_ text: Substring) -> Bool {
        let words = text.split(separator: "-", omittingEmptySubsequences: false)
        return !text.isEmpty
            && words.allSatisfy { word in
                !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            }
    }
}
