import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain
import SwiftProtobuf

/// `settle program solar-bank AGREEMENT [--json]`: the bank and every bill's movement.
struct ProgramSolarBank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solar-bank", abstract: "A solar agreement's kWh bank and dollars carried, with each bill's start, added, applied and end.")

    @Argument(help: "The solar agreement.") var agreement: UInt64
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let request = Settle_Programs_V1_GetSolarBankRequest.with { $0.agreementID = agreement }
        let options = connection.callOptions
        let history = try await connection.withClient { try await $0.client(ProgramsV1.Client.self).getSolarBank(request, options: options) }
        if connection.json { return try Output.message(history) }
        let balance = history.balance
        print("enrolment \(balance.enrolmentID) (\(balance.program.metering)): bank \(balance.bankMwh.map(Self.kwh).joined(separator: " / ")) kWh, carried \(Dollars.plain(balance.carryover.reduce(0) { $0 + $1.cents }))")
        Output.table(["BILL", "PERIOD", "STATUS", "BANK START", "ADDED", "APPLIED", "PAID OUT", "BANK END", "CARRIED END", "TRUE-UP"], history.bills.map { bill in
            [bill.billID, "\(bill.periodStart) – \(bill.periodEnd)", bill.status, bill.bankStartMwh.map(Self.kwh).joined(separator: "/"), bill.bankAddedMwh.map(Self.kwh).joined(separator: "/"),
             bill.bankAppliedMwh.map(Self.kwh).joined(separator: "/"), bill.bankPaidOutMwh.map(Self.kwh).joined(separator: "/"), bill.bankEndMwh.map(Self.kwh).joined(separator: "/"),
             Dollars.plain(bill.carryoverEnd.reduce(0) { $0 + $1.cents }), Dollars.plain(bill.trueUpCreditCents)]
        })
    }

    /// Millionths of a kWh as kWh, rounded to at most 3 decimals (the kit's exact text).
    static func kwh(_ mwh: Int64) -> String {
        Micros.format(Int128(mwh), decimals: 3)
    }
}
