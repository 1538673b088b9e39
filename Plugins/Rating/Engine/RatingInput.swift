import SettleContracts
import SettleDomain
import SettleRPC

/// Determinants in the engine's units: quantities in millionths (kWh, kvarh, thousand
/// gallons), demand in W, dates as local days with the end excluded.
struct RatingInput: Sendable {
    let start: LocalDate
    let end: LocalDate
    // `var`: a solar bill prices its netted kWh on a copy (`BillRater+Solar`).
    var deliveredMicros: Int64
    var receivedMicros: Int64
    let maxDemandW: Int64
    let kvarhMicros: Int64
    /// Thousand gallons, in millionths (= gallons × 1,000).
    let kgalMicros: Int64
    var touMicros: [Int64]
    let touMaxDemandW: [Int64]
    var touReceivedMicros: [Int64]
    let exemptTaxTypes: Set<String>
    let demandHistory: [(month: YearMonth, billingDemandW: Int64)]
    let meterSize: String
    /// The volume the wastewater charge prices when a program set it (winter averaging), in
    /// millionths of a thousand gallons; nil: the water use.
    let wastewaterKgalMicros: Int64?
    /// What programs did to the determinants, noted on the bill.
    let programNotes: [String]
    /// A solar enrolment's metering and the bank the bill starts from; nil: no solar program.
    let solar: SolarTermsInput?

    var days: Int { end - start }

    /// The month a bill is "for": the month of its last day of service.
    var billMonth: YearMonth { YearMonth(end.adding(days: -1)) }

    init(_ input: Settle_Rating_V1_RatingInput) throws(RPCError) {
        start = try RatingError.date(input.periodStart, field: "input.period_start")
        end = try RatingError.date(input.periodEnd, field: "input.period_end")
        guard end > start else { throw RatingError.invalid("input.period_end", "\(end) must be after period_start \(start)") }
        guard end - start <= 400 else { throw RatingError.invalid("input.period_end", "a period of \(end - start) days is too long") }
        for (field, value) in [("delivered_wh", input.deliveredWh), ("received_wh", input.receivedWh), ("max_demand_w", input.maxDemandW),
                               ("kvarh_varh", input.kvarhVarh), ("gallons_thousandths", input.gallonsThousandths)] where value < 0 {
            throw RatingError.invalid("input.\(field)", "\(value) is negative")
        }
        deliveredMicros = input.deliveredWh * 1_000
        receivedMicros = input.receivedWh * 1_000
        maxDemandW = input.maxDemandW
        kvarhMicros = input.kvarhVarh * 1_000
        // Thousandths of a gallon → millionths of a thousand gallons: the same number.
        kgalMicros = input.gallonsThousandths
        touMicros = input.touWh.map { $0 * 1_000 }
        touMaxDemandW = input.touMaxDemandW
        touReceivedMicros = input.touReceivedWh.map { $0 * 1_000 }
        exemptTaxTypes = Set(input.exemptTaxTypes)
        var history: [(month: YearMonth, billingDemandW: Int64)] = []
        for (index, past) in input.demandHistory.enumerated() {
            history.append((try RatingError.period(past.period, field: "input.demand_history[\(index)].period"), past.billingDemandW))
        }
        demandHistory = history
        meterSize = input.meterSize
        if input.hasWastewaterGallonsThousandths {
            guard input.wastewaterGallonsThousandths >= 0 else {
                throw RatingError.invalid("input.wastewater_gallons_thousandths", "\(input.wastewaterGallonsThousandths) is negative")
            }
            wastewaterKgalMicros = input.wastewaterGallonsThousandths
        } else {
            wastewaterKgalMicros = nil
        }
        programNotes = input.programNotes
        solar = input.hasSolar ? try SolarTermsInput(input.solar, field: "input.solar") : nil
    }
}
