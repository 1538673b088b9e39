import GRDB
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The premise table. A premise is vacant when no agreement on it is active.
enum PremiseRecords {
    private static let select = """
        SELECT p.*, NOT EXISTS (
            SELECT 1 FROM service_agreement sa WHERE sa.premise_id = p.id AND sa.status = 'active'
        ) AS vacant
        FROM premise p
        """

    /// The premise, or NOT_FOUND naming it.
    static func load(_ id: String, in db: Database) throws -> PremiseMessage {
        guard let row = try Row.fetchOneCached(db, sql: "\(select) WHERE p.id = ?", arguments: [id]) else {
            throw AccountsError.notFound("premise \(id) does not exist")
        }
        return try premise(from: row)
    }

    /// Inserts a premise under `id`, or under the next free `P000001`-style id when nil.
    ///
    /// - Throws: ALREADY_EXISTS when a premise already has the given id.
    static func exists(_ id: String, in db: Database) throws -> Bool {
        try Bool.fetchOneCached(db, sql: "SELECT 1 FROM premise WHERE id = ?", arguments: [id]) ?? false
    }

    static func insert(id: String?, address: AddressMessage, weatherZone: String, type: PremiseType, in db: Database) throws -> String {
        let premiseID: String
        if let id {
            if try Bool.fetchOneCached(db, sql: "SELECT 1 FROM premise WHERE id = ?", arguments: [id]) != nil {
                throw AccountsError.alreadyExists("premise \(id) already exists")
            }
            premiseID = id
        } else {
            premiseID = try nextGeneratedID(in: db)
        }
        try db.executeCached(
            sql: """
                INSERT INTO premise (id, line1, line2, city, state, postal_code, weather_zone, premise_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [premiseID, address.line1, address.line2, address.city, address.state, address.postalCode, weatherZone, type.rawValue])
        return premiseID
    }

    static func update(_ id: String, address: AddressMessage, weatherZone: String, type: String, in db: Database) throws {
        try db.executeCached(
            sql: """
                UPDATE premise SET line1 = ?, line2 = ?, city = ?, state = ?, postal_code = ?, weather_zone = ?, premise_type = ?
                WHERE id = ?
                """,
            arguments: [address.line1, address.line2, address.city, address.state, address.postalCode, weatherZone, type, id])
    }

    /// A page of premises by id, optionally in one weather zone, vacant or occupied.
    static func list(weatherZone: String?, vacant: Bool?, after: String?, limit: Int, in db: Database) throws -> [PremiseMessage] {
        var filter = SQLFilter()
        if let after { filter.add("p.id > ?", [after]) }
        if let weatherZone { filter.add("p.weather_zone = ?", [weatherZone]) }
        if let vacant {
            filter.add((vacant ? "NOT " : "") + "EXISTS (SELECT 1 FROM service_agreement sa WHERE sa.premise_id = p.id AND sa.status = 'active')")
        }
        var arguments = filter.arguments
        arguments += [limit]
        return try Row.fetchAllCached(db, sql: "\(select) \(filter.whereClause) ORDER BY p.id LIMIT ?", arguments: arguments)
            .map(premise(from:))
    }

    /// The next `P` id not taken (a utility's own ids may already use some).
    private static func nextGeneratedID(in db: Database) throws -> String {
        var sequence = try Int64.fetchOneCached(db, sql: "SELECT last FROM premise_sequence WHERE id = 1") ?? 0
        var candidate: String
        repeat {
            sequence += 1
            candidate = Identifiers.premiseID(sequence)
        } while try Bool.fetchOneCached(db, sql: "SELECT 1 FROM premise WHERE id = ?", arguments: [candidate]) != nil
        try db.executeCached(sql: "UPDATE premise_sequence SET last = ? WHERE id = 1", arguments: [sequence])
        return candidate
    }

    private static func premise(from row: Row) throws -> PremiseMessage {
        var premise = PremiseMessage()
        premise.id = try row.text("id")
        premise.serviceAddress = try row.address(prefix: "")
        premise.weatherZone = try row.text("weather_zone")
        premise.premiseType = try row.text("premise_type")
        premise.vacant = try row.bool("vacant")
        return premise
    }
}
