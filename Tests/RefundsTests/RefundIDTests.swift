import SettleContracts
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

/// A refund id is `R` and digits; a sign or a space is no id, and an unknown id is not found.
final class RefundIDTests: XCTestCase {
    func testMalformedRefundIDsAreRefusedNamingTheField() async throws {
        try await withRefundsHost { host in
            for text in ["R+1", "R-1", "R 1", "r000001", "R"] {
                let error = await assertRPCError(.invalidArgument) { try await host.refunds.getRefund(.with { $0.refundID = text }) }
                XCTAssertEqual(error?.message, "refund_id: '\(text)' is not a refund id (R000001)", text)
            }
            await assertRPCError(.notFound) { try await host.refunds.getRefund(.with { $0.refundID = "R000042" }) }
        }
    }
}
