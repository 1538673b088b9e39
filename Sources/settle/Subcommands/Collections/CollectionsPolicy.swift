import ArgumentParser
import SettleClient
import SettleContracts
import SwiftProtobuf

/// `settle collections policy [--set flags…]`: shows the policy, or changes the fields given.
struct CollectionsPolicy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Show the collections policy, or change the fields given (the rest keep their value).")

    @Option(name: .long, help: "Late fee in basis points of the past-due amount (500 = 5 %).") var lateFeeBasisPoints: UInt32?
    @Option(name: .long, help: "Flat late fee in cents (use instead of the percent).") var lateFeeFlatCents: Int64?
    @Option(name: .long, help: "Returned-payment fee in cents.") var nsfFeeCents: Int64?
    @Option(name: .long, help: "Past-due notice threshold in cents.") var noticeThresholdCents: Int64?
    @Option(name: .long, help: "Days after the due date before a past-due notice.") var noticeDaysAfterDue: UInt32?
    @Option(name: .long, help: "Days after the past-due notice before a disconnect notice.") var disconnectNoticeAfterDays: UInt32?
    @Option(name: .long, help: "Days a disconnect notice gives (at least 10).") var disconnectNoticeDays: UInt32?
    @Option(name: .long, help: "Disconnection threshold in cents.") var disconnectThresholdCents: Int64?
    @Option(name: .long, help: "Holidays, comma-separated YYYY-MM-DD (replaces the list).") var holidays: String?
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let options = mutation.callOptions(connection)
        let response = try await connection.withClient { client in
            let collections = client.client(CollectionsV1.Client.self)
            var policy = try await collections.getPolicy(.init(), options: options).policy
            let before = policy
            if let lateFeeBasisPoints { policy.lateFeeBasisPoints = lateFeeBasisPoints }
            if let lateFeeFlatCents { policy.lateFeeFlatCents = lateFeeFlatCents }
            if let nsfFeeCents { policy.nsfFeeCents = nsfFeeCents }
            if let noticeThresholdCents { policy.noticeThresholdCents = noticeThresholdCents }
            if let noticeDaysAfterDue { policy.noticeDaysAfterDue = noticeDaysAfterDue }
            if let disconnectNoticeAfterDays { policy.disconnectNoticeAfterDays = disconnectNoticeAfterDays }
            if let disconnectNoticeDays { policy.disconnectNoticeDays = disconnectNoticeDays }
            if let disconnectThresholdCents { policy.disconnectThresholdCents = disconnectThresholdCents }
            if let holidays { policy.holidays = holidays.split(separator: ",").map { String($0) } }
            guard policy != before else { return Settle_Collections_V1_PolicyResponse.with { $0.policy = policy } }
            var request = Settle_Collections_V1_SetPolicyRequest()
            request.idempotencyKey = mutation.resolvedKey()
            request.policy = policy
            return try await collections.setPolicy(request, options: options)
        }
        try Output.message(response.policy)
    }
}
