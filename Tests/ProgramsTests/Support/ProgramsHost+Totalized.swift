import SettleContracts
import SettleTestSupport
import SwiftProtobuf

extension ProgramsHost {
    /// Enrols `agreement` as the billed agreement of a totalized group with `members`, demand
    /// taken non-coincident, from 2024-04-01 (the tests' first billed period).
    func enrollTotalized(_ agreement: UInt64, members: [UInt64], reason: String) async throws -> Settle_Programs_V1_Enrolment {
        try await programs.enroll(.with {
            $0.idempotencyKey = freshKey("enroll")
            $0.kind = "totalized"
            $0.agreementID = agreement
            $0.memberAgreementIds = members
            $0.demandMethod = "non_coincident"
            $0.effectiveFrom = "2024-04-01"
            $0.reason = reason
        })
    }
}
