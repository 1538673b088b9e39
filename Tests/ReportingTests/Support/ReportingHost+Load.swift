import Foundation
import SettleContracts
import SettleHost
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// Many accounts at once through Accounts' conversion load (5,000 records a call), for the
/// reports' volume tests.
extension ReportingHost {
    /// `count` residential electric customers (RES-1) on `cycle`, each at its own premise
    /// `<prefix>-<n>`, in service from `start`. Returns the loaded agreements' count.
    @discardableResult
    func loadAccounts(_ count: Int, cycle: UInt32, prefix: String, start: String = "2024-01-01") async throws -> Int {
        let admin = AccountsV1.Client(transport: runtime.inProcessTransport(as: PeerIdentity(uid: 1001, gid: 1001, pid: 2, role: .admin)))
        var loaded = 0
        for first in stride(from: 0, to: count, by: 5_000) {
            let response = try await admin.loadAccounts(.with {
                $0.idempotencyKey = freshKey("load")
                $0.records = (first..<min(first + 5_000, count)).map { n in
                    .with {
                        $0.externalID = "\(prefix)-\(n)"
                        $0.customerKind = "person"
                        $0.customerName = "Customer \(prefix)-\(n)"
                        $0.contact.phone = "217-555-0100"
                        $0.premiseID = "\(prefix)-\(n)"
                        $0.serviceAddress = .with { $0.line1 = "\(n) Elm St"; $0.city = "Springfield"; $0.state = "IL"; $0.postalCode = "62701" }
                        $0.weatherZone = "north"
                        $0.premiseType = "residential"
                        $0.billCycle = cycle
                        $0.serviceStartDate = start
                        $0.services = [.with { $0.serviceType = "electric"; $0.rateSchedule = "RES-1"; $0.rateClass = "residential" }]
                    }
                }
            })
            XCTAssertEqual(response.rejected.count, 0, "\(response.rejected.prefix(3))")
            loaded += Int(response.loaded)
        }
        return loaded
    }
}

/// The resident set size of this process (the host runs in it), from /proc.
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kB = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kB * 1024
}
