import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain

/// `settle bill simulate --tariff CODE --load FILE.csv [--load MEMBER.csv … --demand METHOD]
/// [--agreement N] [--metering OPTION [--true-up-month M] [--yearend-sell-rate R] [--rollover]
/// [--credit-expiry-months N]] [--json] [--explain]`.
struct BillSimulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Rate a load profile month by month under a tariff, without accounts.",
        discussion: """
            The CSV has the header start,delivered_kwh,received_kwh; start is a local time \
            (2018-01-01T00:15), 15- or 60-minute rows. --json prints {"months": [{month, fixed, \
            energy, demand, minimum, export_credit, total}], "total"} in dollars.
            A totalized group: give --load once per meter (the same intervals in each file);             energy is summed and demand is --demand coincident (the peak of the summed             intervals, the default) or non_coincident (each meter's own peak summed); each month             adds coincident_demand_kw, non_coincident_demand_kw and meters [{load,             delivered_kwh, peak_kw}]. --agreement N applies that agreement's programs in force             today as a billing run would: its time-of-use schedule when --tariff is not given,             its totalized demand method (one --load per meter, the lead's first); "notes" say             what was applied.
            --metering simulates a solar program under NREL SAM's metering options (net_metering,             net_metering_dollars, net_billing, net_billing_carryover, buy_all_sell_all), the bank             empty at the file's start: months add bank_kwh_end, carryover_dollars_end and             true_up_credit where they apply, and total is what the customer owes that month.
            """)

    @Option(name: .long, help: "Tariff code, or CODE@VERSION (default: its newest active version; with --agreement, its time-of-use schedule).") var tariff: VersionReference?
    @Option(name: .long, help: "The load profile CSV; repeat for each meter of a totalized group.") var load: [String]
    @Option(name: .long, help: "A totalized group's demand: coincident or non_coincident.") var demand: String?
    @Option(name: .long, help: "Apply this agreement's program enrolments.") var agreement: UInt64?
    @Option(name: .long, help: "Solar metering option: net_metering, net_metering_dollars, net_billing, net_billing_carryover, buy_all_sell_all.") var metering: String?
    @Option(name: .long, help: "The true-up month, 1–12 (default 12).") var trueUpMonth: UInt32?
    @Option(name: .long, help: "$/kWh the kWh bank is paid at in the true-up month.") var yearendSellRate: String?
    @Flag(name: .long, help: "Carry what is left at the true-up into the next year instead of paying it out.") var rollover = false
    @Option(name: .long, help: "net_billing_carryover: months after which credits expire.") var creditExpiryMonths: UInt32?
    @Flag(name: .long, help: "Add every line with its determinant, rate and amount.") var explain = false
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        guard !load.isEmpty else { throw ValidationError("--load is required") }
        guard tariff != nil || agreement != nil else { throw ValidationError("--tariff is required (or --agreement with a time-of-use enrolment)") }
        let files = try load.map { path -> Data in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return data
        }
        var request = Settle_Rating_V1_SimulateBillRequest()
        request.tariffCode = tariff?.code ?? ""
        request.version = tariff?.version ?? 0
        request.loadCsv = files[0]
        request.memberLoadCsv = Array(files.dropFirst())
        request.demandMethod = demand ?? ""
        request.agreementID = agreement ?? 0
        request.explain = explain
        request.metering = metering ?? ""
        request.trueUpMonth = trueUpMonth ?? 0
        request.yearendSellRate = yearendSellRate ?? ""
        request.rollover = rollover
        request.creditExpiryMonths = creditExpiryMonths ?? 0
        let options = connection.callOptions
        let response = try await connection.withClient { try await $0.client(RatingV1.Client.self).simulateBill(request, options: options) }
        if connection.json {
            let months: [[String: Any]] = response.months.map { month in
                var object: [String: Any] = [
                    "month": month.month, "fixed": month.fixed, "energy": month.energy, "demand": month.demand,
                    "minimum": month.minimum, "export_credit": month.exportCredit, "total": month.total,
                ]
                if explain { object["lines"] = month.lines.map(RatingFormat.lineObject) }
                if !month.bankKwhEnd.isEmpty { object["bank_kwh_end"] = month.bankKwhEnd }
                if !month.carryoverDollarsEnd.isEmpty { object["carryover_dollars_end"] = month.carryoverDollarsEnd }
                if !month.trueUpCredit.isEmpty { object["true_up_credit"] = month.trueUpCredit }
                if !month.meters.isEmpty {
                    object["coincident_demand_kw"] = month.coincidentDemandKw
                    object["non_coincident_demand_kw"] = month.nonCoincidentDemandKw
                    object["meters"] = month.meters.map { ["load": Int($0.load), "delivered_kwh": $0.deliveredKwh, "peak_kw": $0.peakKw] as [String: Any] }
                }
                return object
            }
            Output.json(["tariff": response.tariffVersion, "intervals": Int(response.intervals), "months": months, "total": response.total, "notes": response.notes])
            return
        }
        print("\(response.tariffVersion): \(response.intervals) interval(s)")
        for note in response.notes { print(note) }
        if response.months.contains(where: { !$0.meters.isEmpty }) {
            Output.table(["MONTH", "METERS (KWH / PEAK KW)", "COINCIDENT KW", "NON-COINCIDENT KW"], response.months.map { month in
                [month.month, month.meters.map { "\($0.deliveredKwh) / \($0.peakKw)" }.joined(separator: " + "), month.coincidentDemandKw, month.nonCoincidentDemandKw]
            })
        }
        if metering != nil {
            Output.table(["MONTH", "KWH", "RECEIVED", "FIXED", "ENERGY", "DEMAND", "MINIMUM", "CREDIT", "BANK KWH", "CARRIED", "TRUE-UP", "TOTAL"], response.months.map {
                [$0.month, $0.deliveredKwh, $0.receivedKwh, $0.fixed, $0.energy, $0.demand, $0.minimum, $0.exportCredit, $0.bankKwhEnd, $0.carryoverDollarsEnd, $0.trueUpCredit, $0.total]
            })
        } else {
            Output.table(["MONTH", "KWH", "FIXED", "ENERGY", "DEMAND", "MINIMUM", "EXPORT CREDIT", "TOTAL"], response.months.map {
                [$0.month, $0.deliveredKwh, $0.fixed, $0.energy, $0.demand, $0.minimum, $0.exportCredit, $0.total]
            })
        }
        print("total \(response.total)")
        if explain {
            for month in response.months {
                print("\n\(month.month)")
                Output.table(["LINE", "QUANTITY", "RATE", "AMOUNT"], month.lines.map {
                    [$0.description_p, "\($0.quantity) \($0.unit)", $0.rate, Dollars.plain($0.amountCents)]
                })
            }
        }
    }
}
