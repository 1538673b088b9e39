import SettleContracts
import SettleDomain
import SettleRPC
import SwiftProtobuf

/// A solar enrolment's bill: energy on the netted kWh, credits and carryover applied in
/// SAM's order (`SolarNetting`, `SolarSettlement`), and the statement of the bank.
extension BillRater {
    /// The kWh step on a bill's determinants: per TOU period when a segment prices by time of
    /// use (interval data needed), else one bank for the whole bill.
    struct SolarPricing {
        var netting: SolarNetting
        /// The determinants the energy lines price (the kWh bought).
        var energyInput: RatingInput
        /// The determinants the sell rates value (the kWh sold or valued).
        var exportInput: RatingInput
        let perPeriod: Bool
    }

    func solarPricing(_ input: RatingInput, _ terms: SolarTermsInput, segments: [Segment]) throws(RPCError) -> SolarPricing {
        let perPeriod = segments.contains { !($0.terms.energy?.monthly ?? true) }
        if perPeriod, input.touMicros.isEmpty {
            throw RatingError.failedPrecondition("solar \(terms.option.rawValue) on a time-of-use tariff nets kWh per period: it needs kWh delivered and received per period (interval data)")
        }
        let delivered = perPeriod ? input.touMicros : [input.deliveredMicros]
        let received = perPeriod ? (input.touReceivedMicros.isEmpty ? [Int64](repeating: 0, count: delivered.count) : input.touReceivedMicros) : [input.receivedMicros]
        let netting = SolarNetting.net(terms, delivered: delivered, received: received)
        var energy = input, exports = input
        energy.deliveredMicros = netting.use.reduce(0, +)
        exports.receivedMicros = netting.exports.reduce(0, +)
        if perPeriod {
            energy.touMicros = netting.use
            exports.touReceivedMicros = netting.exports
        }
        return SolarPricing(netting: netting, energyInput: energy, exportInput: exports, perPeriod: perPeriod)
    }

    /// The credit lines of a solar bill (before the minimum and taxes), the true-up line (after
    /// taxes) and the statement.
    func solarCredits(
        _ pricing: SolarPricing, _ terms: SolarTermsInput, input: RatingInput, segments: [Segment], lines: [Line]
    ) throws(RPCError) -> (credits: [Line], trueUp: Line?, statement: Settle_Rating_V1_SolarStatement) {
        var netting = pricing.netting
        let exportLines = try exportLines(pricing.exportInput, segments: segments)
        let exportCents = -exportLines.reduce(Int64(0)) { $0 + $1.proto.amountCents }
        let energyCents = lines.filter { $0.proto.component == "energy" }.reduce(Int64(0)) { $0 + $1.proto.amountCents }
        let charges = lines.reduce(Int64(0)) { $0 + $1.proto.amountCents }
        let floor = Self.nonBypassableCents(lines, segments: segments)
        guard let last = segments.last else { throw RatingError.failedPrecondition("tariff \(code) has no version to rate with") }
        let settlement = SolarSettlement.settle(terms, month: input.billMonth, energyCents: energyCents, exportCents: exportCents, chargesCents: charges,
                                                floorCents: floor, rounding: last.terms.rounding, netting: &netting)
        var credits: [Line] = []
        let lastIndex = segments.count - 1
        switch terms.option {
        case .netBilling, .buyAllSellAll:
            credits = exportLines
            if settlement.limitedCents > 0 {
                credits.append(Line(proto: Self.line("export_credit", "Export credit limited to the non-bypassable charges (\(Dollars.plain(floor)))",
                                                     quantity: Dollars.plain(settlement.limitedCents), unit: "$", rate: "", cents: settlement.limitedCents, segment: last), segment: lastIndex))
            }
        case .netMetering, .netMeteringDollars, .netBillingCarryover:
            if settlement.appliedCents > 0 {
                credits.append(Line(proto: Self.line("solar_credit", "Solar credit applied to energy charges", quantity: Dollars.plain(settlement.appliedCents), unit: "$",
                                                     rate: "", cents: -settlement.appliedCents, segment: last), segment: lastIndex))
            }
        }
        var trueUp: Line?
        if settlement.trueUpCents > 0 {
            let what = terms.option == .netMetering
                ? "True-up: \(Self.quantity(netting.banks.reduce(0) { $0 + $1.paidOut })) kWh banked at \(Micros.format(terms.yearEndSellMicros))"
                : "True-up: dollars carried paid out"
            trueUp = Line(proto: Self.line("true_up_credit", what, quantity: Dollars.plain(settlement.trueUpCents), unit: "$", rate: Micros.format(terms.yearEndSellMicros),
                                           cents: -settlement.trueUpCents, segment: last), segment: lastIndex)
        }
        let names = segments.last?.terms.energy?.periods.map(\.name) ?? []
        return (credits, trueUp, Self.statement(terms, netting: netting, settlement: settlement, floor: floor, periodNames: pricing.perPeriod ? names : []))
    }

    /// The customer charge plus the riders the tariff marks non-bypassable.
    static func nonBypassableCents(_ lines: [Line], segments: [Segment]) -> Int64 {
        let protected = Set(segments.flatMap { $0.terms.riders.filter(\.nonBypassable).map(\.name) })
        return lines.filter { $0.proto.component == "customer" || ($0.proto.component == "rider" && protected.contains($0.proto.description_p)) }
            .reduce(Int64(0)) { $0 + $1.proto.amountCents }
    }

    static func statement(_ terms: SolarTermsInput, netting: SolarNetting, settlement: SolarSettlement, floor: Int64, periodNames: [String]) -> Settle_Rating_V1_SolarStatement {
        var statement = Settle_Rating_V1_SolarStatement()
        statement.metering = terms.option.rawValue
        statement.enrolmentID = terms.enrolmentID
        statement.banks = netting.banks.enumerated().map { index, bank in
            .with {
                $0.period = UInt32(index)
                $0.name = index < periodNames.count ? periodNames[index] : (netting.banks.count == 1 ? "all" : "period \(index)")
                $0.startMwh = bank.start
                $0.addedMwh = bank.added
                $0.appliedMwh = bank.applied
                $0.paidOutMwh = bank.paidOut
                $0.endMwh = bank.end
            }
        }
        statement.carryoverStartCents = settlement.carryoverStartCents
        statement.carryoverAddedCents = settlement.addedCents
        statement.carryoverAppliedCents = settlement.appliedCents
        statement.carryoverExpiredCents = settlement.expiredCents
        statement.carryoverEndCents = settlement.carryoverEndCents
        statement.carryoverEnd = settlement.lotsEnd.map { lot in .with { $0.earned = lot.earned.description; $0.cents = lot.cents } }
        statement.trueUp = settlement.trueUp
        statement.trueUpCreditCents = settlement.trueUpCents
        statement.limitedCents = settlement.limitedCents
        statement.nonBypassableCents = floor
        return statement
    }

    /// The bill's note: the bank or carryover at the start, added, applied, at the end.
    static func solarNote(_ statement: Settle_Rating_V1_SolarStatement) -> String {
        var parts: [String] = []
        if !statement.banks.isEmpty {
            let banks = statement.banks.map { bank in
                "\(bank.name) \(quantity(bank.startMwh)) + \(quantity(bank.addedMwh)) − \(quantity(bank.appliedMwh))"
                    + (bank.paidOutMwh > 0 ? " − \(quantity(bank.paidOutMwh)) paid out" : "") + " = \(quantity(bank.endMwh)) kWh"
            }
            parts.append("bank " + banks.joined(separator: "; "))
        }
        if statement.carryoverStartCents != 0 || statement.carryoverAddedCents != 0 || statement.carryoverEndCents != 0 || statement.carryoverAppliedCents != 0 {
            parts.append("carryover \(Dollars.plain(statement.carryoverStartCents)) + \(Dollars.plain(statement.carryoverAddedCents)) − \(Dollars.plain(statement.carryoverAppliedCents))"
                         + (statement.carryoverExpiredCents > 0 ? " − \(Dollars.plain(statement.carryoverExpiredCents)) expired" : "")
                         + " = \(Dollars.plain(statement.carryoverEndCents))")
        }
        if statement.trueUpCreditCents > 0 { parts.append("true-up credit \(Dollars.plain(statement.trueUpCreditCents))") }
        if statement.limitedCents > 0 { parts.append("\(Dollars.plain(statement.limitedCents)) of export credit not applied: the bill stays at its non-bypassable \(Dollars.plain(statement.nonBypassableCents))") }
        let id = statement.enrolmentID.isEmpty ? "" : " (enrolment \(statement.enrolmentID))"
        return "Solar \(statement.metering)\(id): " + (parts.isEmpty ? "nothing banked or carried" : parts.joined(separator: "; "))
    }
}
