import SettleTestSupport

/// The two accounts the register and aging tests bill: Ada (meter EA, installed at 1,000 kWh)
/// and Blaise (EB, at 5,000), moved in on 2024-02-01 on RES-1, each using 300 kWh to the
/// 2024-03-07 read and 300 more to the 2024-04-05 read. Both tests start from this utility
/// and differ in what follows, so one place keeps the customers and their first reads.
extension ReportingHost {
    /// Puts RES-1 in force, moves Ada and Blaise in and imports their March and April reads
    /// with `laterReads` (CSV rows, no header) in the same file.
    func adaAndBlaise(laterReads: String = "") async throws -> (a: (account: String, agreement: UInt64), b: (account: String, agreement: UInt64)) {
        try await residentialTariff()
        let a = try await moveIn(name: "Ada Lovelace", premise: "PA", meter: "EA", date: "2024-02-01", installRead: 1_000)
        let b = try await moveIn(name: "Blaise Pascal", premise: "PB", meter: "EB", date: "2024-02-01", installRead: 5_000)
        let first = """
            meter,read_at,value,kind
            EA,2024-03-07,1300,actual
            EB,2024-03-07,5300,actual
            EA,2024-04-05,1600,actual
            EB,2024-04-05,5600,actual
            """
        try await importReads(laterReads.isEmpty ? first : first + "\n" + laterReads)
        return (a, b)
    }
}
