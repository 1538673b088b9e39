import ArgumentParser
import SettleContracts
import SettleRPC

/// `settle refund …`: refund and credit requests, their approval and disbursement.
struct RefundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refund",
        abstract: "Request refunds Settle computes (credit_balance, deposit, billing_error, tax_exempt, bankruptcy_discharge), review, approve, reject, void and reissue them, and pay them in disbursement batches.",
        subcommands: [RefundRequestCommand.self, RefundShow.self, RefundList.self, RefundDecide.Approve.self, RefundDecide.Reject.self,
                      RefundDecide.Void.self, RefundDecide.Reissue.self, RefundDecide.Submit.self, RefundReturn.self, RefundBank.self, RefundBatchCommand.self])
}
