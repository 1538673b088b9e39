import SettleContracts
import SettleRPC

/// The move-outs' final bills: the cycle runs issue most of them (the move-out period closes at
/// the final read); `BillFinal` issues any the runs did not and finishes what is left, then the
/// summary shows how many agreements Accounts now has final and what their final bills came to.
struct DemoFinalBills: Sendable {
    let run: DemoRun

    func runAll(summary: inout DemoSummary) async throws {
        let rating = RatingV1.Client(transport: run.connection)
        let billDate = "\(run.calendar.period(back: -1))-01"
        var moved: [Settle_Accounts_V1_ServiceAgreement] = []
        var request = Settle_Accounts_V1_ListServiceAgreementsRequest()
        request.statuses = ["pending_final", "final"]
        request.pageSize = 10_000
        while true {
            let page = try await run.accountsClient.listServiceAgreements(request)
            moved += page.agreements
            guard !page.nextPageToken.isEmpty else { break }
            request.pageToken = page.nextPageToken
        }
        var issuedNow = 0, already = 0, refused = 0
        var cents: Int64 = 0
        var firstRefusal = ""
        let prefix = run.keyPrefix
        for agreement in moved where agreement.serviceType != "solid_waste" {
            do {
                var final = Settle_Rating_V1_BillFinalRequest()
                final.idempotencyKey = "\(prefix)-final-\(agreement.id)"
                final.agreementID = agreement.id
                final.billDate = billDate
                let response = try await rating.billFinal(final, options: CallOptions(metadata: [MetadataKey.reason: "final bill after move-out"]))
                if response.alreadyBilled { already += 1 } else { issuedNow += 1 }
                cents += response.bill.rated.totalCents
            } catch let error as RPCError where error.code == .failedPrecondition {
                refused += 1
                if firstRefusal.isEmpty { firstRefusal = error.message }
            }
        }
        summary.billing.append(("final bills (move-outs)", "\(DemoFormat.count(issuedNow + already)): \(DemoFormat.count(already)) issued by the cycle runs, \(DemoFormat.count(issuedNow)) by settle bill final; \(DemoFormat.dollars(cents: cents))"))
        if refused > 0 { summary.billing.append(("  final bills not issued", "\(refused) (first: \(firstRefusal))")) }
    }
}
