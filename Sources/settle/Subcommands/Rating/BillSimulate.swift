import ArgumentParser
import Foundation
import SettleContracts

/// `settle bill simulate --tariff CODE --load FILE.csv [--json] [--explain]`.
struct BillSimulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Rate a load profile month by month under a tariff, without accounts.",
        discussion: """
            The CSV has the header start,delivered_kwh,received_kwh; start is a local time \
            (2018-01-01T00:15), 15- or 60-minute rows. --json prints {"months": [{month, fixed, \
            energy, demand, minimum, export_credit, total}], "total"} in dollars.
            """)

    @Option(name: .long, help: "Tariff code, or CODE@VERSION (default: its newest active version).") var tariff: VersionReference
    @Option(name: .long, help: "The load profile CSV.") var load: String
    @Flag(name: .long, help: "Add every line with its determinant, rate and amount.") var explain = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: load) else { throw ValidationError("cannot read \(load)") }
        var request = Settle_Rating_V1_SimulateBillRequest()
        request.tariffCode = tariff.code
        request.version = tariff.version
        request.loadCsv = data
        request.explain = explain
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).simulateBill(request, options: options) }
        if connection.json {
            let months: [[String: Any]] = response.months.map { month in
                var object: [String: Any] = [
                    "month": month.month, "fixed": month.fixed, "energy": month.energy, "demand": month.demand,
                    "minimum": month.minimum, "export_credit": month.exportCredit, "total": month.total,
                ]
                if explain { object["lines"] = month.lines.map(RatingFormat.lineObject) }
                return object
            }
            Output.json(["tariff": response.tariffVersion, "intervals": Int(response.intervals), "months": months, "total": response.total])
            return
        }
        print("\(response.tariffVersion): \(response.intervals) interval(s)")
        Output.table(["MONTH", "KWH", "FIXED", "ENERGY", "DEMAND", "MINIMUM", "EXPORT CREDIT", "TOTAL"], response.months.map {
            [$0.month, $0.deliveredKwh, $0.fixed, $0.energy, $0.demand, $0.minimum, $0.exportCredit, $0.total]
        })
        print("total \(response.total)")
        if explain {
            for month in response.months {
                print("\n\(month.month)")
                Output.table(["LINE", "QUANTITY", "RATE", "AMOUNT"], month.lines.map {
                    [$0.description_p, "\($0.quantity) \($0.unit)", $0.rate, RatingFormat.dollars($0.amountCents)]
                })
            }
        }
    }
}
