import ArgumentParser
import SettleClient
import SettleContracts
import SettleDomain

/// `settle bill register --cycle N --period YYYY-MM`.
struct BillRegister: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register", abstract: "The billing register of a cycle and period.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Billing period, YYYY-MM.") var period: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Rating_V1_GetBillRegisterRequest()
        request.cycle = cycle
        request.period = period
        let options = connection.callOptions
        let register = try await connection.withClient { try await $0.client(RatingV1.Client.self).getBillRegister(request, options: options) }
        if connection.json { return try Output.message(register) }
        print("cycle \(cycle), \(period): \(register.agreements) in cycle; billed \(register.billed), held \(register.held), skipped \(register.skipped), cancelled \(register.cancelled)")
        print("issued \(Dollars.plain(register.issuedCents)) (posted \(Dollars.plain(register.postedCents))), held \(Dollars.plain(register.heldCents))")
        Output.table(["RATE CLASS", "COMPONENT", "BILLS", "KWH", "AMOUNT"], register.lines.map {
            [$0.rateClass, $0.component.isEmpty ? "total" : $0.component, $0.component.isEmpty ? "\($0.bills)" : "", $0.component.isEmpty ? "\($0.deliveredWh / 1_000)" : "", Dollars.plain($0.amountCents)]
        })
        if !register.skips.isEmpty {
            print("\nskipped")
            Output.table(["AGREEMENT", "ACCOUNT", "REASON"], register.skips.map { ["\($0.agreementID)", $0.accountNumber, $0.reason] })
        }
    }
}
