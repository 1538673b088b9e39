import GRDB
import SettleContracts
import SettleModuleSDK
import Testing

@Suite("A message kept whole in one row")
struct MessageRowTests {
    private static let table = StoreMigration(id: "accounts.0001-settings", sql: """
        CREATE TABLE setting (name TEXT PRIMARY KEY, body BLOB NOT NULL);
        """)

    private static func note(_ text: String) -> Settle_Diag_V1_EchoRequest {
        var message = Settle_Diag_V1_EchoRequest()
        message.note = text
        return message
    }

    @Test("the defaults until one is saved; a save replaces the row; rows of other keys stay apart")
    func loadSaveAndKeys() async throws {
        let store = try ModuleStore(module: "accounts", migrations: [Self.table])
        let budget = MessageRow<Settle_Diag_V1_EchoRequest>(table: "setting", keyColumn: "name", key: "budget")
        let tou = MessageRow<Settle_Diag_V1_EchoRequest>(table: "setting", keyColumn: "name", key: "tou")
        let defaults = Self.note("defaults")

        #expect(try await store.read { try budget.load(in: $0, defaults: defaults) } == defaults)
        try await store.write { try budget.save(Self.note("first"), in: $0) }
        try await store.write { try budget.save(Self.note("second"), in: $0) }
        #expect(try await store.read { try budget.load(in: $0, defaults: defaults) }.note == "second")
        #expect(try await store.read { try tou.load(in: $0, defaults: defaults) } == defaults)
        #expect(try await store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM setting") } == 1)
    }
}
