/// Bill ids and the keys that make posting them idempotent.
enum BillIdentity {
    /// "B-2024-05-C05-0000123": the same agreement, cycle and period always give the same id,
    /// so a bill re-created after an interruption is the one Collections already knows.
    static func id(period: String, cycle: UInt32, agreement: UInt64) -> String {
        let number = String(agreement)
        let cycleText = cycle < 10 ? "0\(cycle)" : "\(cycle)"
        return "B-\(period)-C\(cycleText)-\(String(repeating: "0", count: max(0, 7 - number.count)))\(number)"
    }

    static func runID(cycle: UInt32, period: String) -> String { "R-\(period)-C\(cycle < 10 ? "0" : "")\(cycle)" }

    /// A key naming exactly this set of bills (FNV-1a of their ids), so a retried post of the
    /// same bills is recognised and a different set never collides.
    static func postingKey(_ ids: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for id in ids.sorted() {
            for byte in id.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0x2c
            hash = hash &* 0x100_0000_01b3
        }
        return "rating-post-\(ids.count)-\(String(hash, radix: 16))"
    }
}

extension BillIdentity {
    /// The key of a batch's `PrepareBilling` call to Programs: the run and exactly these
    /// agreements' periods, so a retried batch is recognised and a rerun's smaller batch is new.
    static func programsKey(runID: String, _ periods: [String]) -> String {
        "programs-\(runID)-" + postingKey(periods).dropFirst("rating-post-".count)
    }
}
