import SettleModuleSDK

extension RatingMigrations {
    /// One final bill per agreement (move-out), and whether Accounts has recorded it
    /// (`CompleteFinalBill`): a run or a `BillFinal` call interrupted between issuing the bill
    /// and telling Accounts finishes on the next one.
    static let finalBills = StoreMigration(id: "rating.0004-final-bills", sql: """
        CREATE TABLE final_bill (
            agreement_id INTEGER PRIMARY KEY,
            bill_id TEXT NOT NULL UNIQUE,
            cycle INTEGER NOT NULL,
            period TEXT NOT NULL,
            completed_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX final_bill_pending ON final_bill(cycle, period) WHERE completed_at = '';
        """)
}
