import Foundation
import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import Synchronization

/// The agreements a test's stand-in Accounts module serves.
final class AgreementBook: StandInState {
    private let agreements = Mutex<[Settle_Accounts_V1_ServiceAgreement]>([])

    /// Adds an agreement; returns its id.
    @discardableResult
    func add(
        account: String, premise: String, service: String = "electric", rateSchedule: String = "RES-1",
        rateClass: String = "residential", start: String, end: String = "", status: String = "active", cycle: UInt32 = 5,
        vacant: Bool = false
    ) -> UInt64 {
        agreements.withLock { list in
            var agreement = Settle_Accounts_V1_ServiceAgreement()
            agreement.id = UInt64(list.count + 1)
            agreement.accountNumber = account
            agreement.premiseID = premise
            agreement.serviceType = service
            agreement.rateSchedule = rateSchedule
            agreement.rateClass = rateClass
            agreement.startDate = start
            agreement.endDate = end
            agreement.status = status
            agreement.billCycle = cycle
            agreement.premiseVacant = vacant
            list.append(agreement)
            return agreement.id
        }
    }

    /// ListServiceAgreements over the book: cycle, premise, service and in-service filters, paged.
    func list(_ request: Settle_Accounts_V1_ListServiceAgreementsRequest) -> Settle_Accounts_V1_ListServiceAgreementsResponse {
        let all = agreements.withLock { $0 }
        let matching = all.filter { agreement in
            (request.billCycle == 0 || agreement.billCycle == request.billCycle)
                && (request.premiseID.isEmpty || agreement.premiseID == request.premiseID)
                && (request.serviceType.isEmpty || agreement.serviceType == request.serviceType)
                && (request.inServiceFrom.isEmpty || agreement.endDate.isEmpty || agreement.endDate >= request.inServiceFrom)
                && (request.inServiceTo.isEmpty || agreement.startDate <= request.inServiceTo)
        }
        let after = UInt64(request.pageToken) ?? 0
        let size = Int(request.pageSize == 0 ? 1_000 : request.pageSize)
        let page = Array(matching.filter { $0.id > after }.prefix(size))
        var response = Settle_Accounts_V1_ListServiceAgreementsResponse()
        response.agreements = page
        if page.count == size, let last = page.last, matching.contains(where: { $0.id > last.id }) {
            response.nextPageToken = String(last.id)
        }
        return response
    }

}

typealias FakeAccountsModule = StandInModule<FakeAccounts>

/// Serves `settle.accounts.v1.Accounts` with only ListServiceAgreements, from an `AgreementBook`.
enum FakeAccounts: StandIn {
    static let descriptor = ModuleDescriptor(name: "fakeaccounts", version: "0.0.1", serves: [AccountsV1.serviceName])

    static func register(_ book: AgreementBook, with router: inout Router) throws(RouterError) {
        try router.registerUnary(AccountsV1.Method.listServiceAgreements) { (request: Settle_Accounts_V1_ListServiceAgreementsRequest, _) in
            book.list(request)
        }
    }
}
