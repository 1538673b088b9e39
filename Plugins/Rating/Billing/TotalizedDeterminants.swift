import Foundation
import SettleContracts
import SettleDomain

/// A totalized group's determinants: its agreements' (meters') figures summed into the lead's.
///
/// kWh, received kWh, kvarh, gallons and kWh per TOU period are summed. Demand is the
/// program's: coincident (Metering's maximum of the per-interval sum) or non-coincident (the
/// sum of each meter's own maximum). Every meter's kWh and peak, the totalized demand with its
/// interval, and both demand figures side by side (when interval data gives the coincident
/// one) become the bill's notes.
enum TotalizedDeterminants {
    static func sum(
        _ members: [Settle_Metering_V1_BillingDeterminants], group: Settle_Programs_V1_Enrolment,
        coincident: Settle_Metering_V1_CoincidentDemand?, timeZone: TimeZone
    ) -> (Settle_Metering_V1_BillingDeterminants, [String]) {
        guard var total = members.first else { return (Settle_Metering_V1_BillingDeterminants(), []) }
        var lines: [String] = []
        for member in members.dropFirst() {
            total.deliveredWh += member.deliveredWh
            total.receivedWh += member.receivedWh
            total.kvarhVarh += member.kvarhVarh
            total.gallonsThousandths += member.gallonsThousandths
            total.touWh = elementwise(total.touWh, member.touWh)
            total.touReceivedWh = elementwise(total.touReceivedWh, member.touReceivedWh)
            total.touMaxDemandW = elementwise(total.touMaxDemandW, member.touMaxDemandW)
            total.usesIntervals = total.usesIntervals && member.usesIntervals
            total.estimated = total.estimated || member.estimated
            if member.held {
                total.held = true
                total.holdReasons += member.holdReasons.map { "agreement \(member.agreementID): \($0)" }
            }
            total.segments += member.segments
        }
        let nonCoincident = members.reduce(Int64(0)) { $0 + $1.maxDemandW }
        for member in members {
            let meters = Set(member.segments.map(\.meterSerial)).sorted().joined(separator: ", ")
            lines.append("Totalized meter \(meters.isEmpty ? "of agreement \(member.agreementID)" : meters) (agreement \(member.agreementID)): "
                         + "\(kwh(member.deliveredWh)) kWh, peak \(kw(member.maxDemandW)) kW")
        }
        let method = group.demandMethod == "coincident" ? "coincident" : "non-coincident"
        if group.demandMethod == "coincident", let coincident {
            total.maxDemandW = coincident.coincidentDemandW
            lines.append("Totalized demand \(kw(coincident.coincidentDemandW)) kW coincident, in the 15 minutes from \(local(coincident.intervalStartUtc, timeZone)); "
                         + "non-coincident \(kw(coincident.nonCoincidentDemandW)) kW (the meters' own peaks summed)")
        } else {
            total.maxDemandW = nonCoincident
            var line = "Totalized demand \(kw(nonCoincident)) kW non-coincident: "
                + members.map { kw($0.maxDemandW) }.joined(separator: " + ") + " kW, each meter's own peak"
            if let coincident { line += "; coincident \(kw(coincident.coincidentDemandW)) kW, in the 15 minutes from \(local(coincident.intervalStartUtc, timeZone))" }
            lines.append(line)
        }
        lines.insert("Totalized account (enrolment \(group.id), \(method) demand): \(members.count) agreements, \(kwh(total.deliveredWh)) kWh in all", at: 0)
        return (total, lines)
    }

    private static func elementwise(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        guard !a.isEmpty || !b.isEmpty else { return [] }
        var sum = Array(repeating: Int64(0), count: max(a.count, b.count))
        for (index, value) in a.enumerated() { sum[index] += value }
        for (index, value) in b.enumerated() { sum[index] += value }
        return sum
    }

    static func kwh(_ wh: Int64) -> String { Micros.format(Int128(wh) * 1_000, decimals: 3) }
    static func kw(_ watts: Int64) -> String { Micros.format(Int128(watts) * 1_000, decimals: 3) }

    /// "2024-05-14 17:15" in the utility's time zone.
    static func local(_ utc: Int64, _ timeZone: TimeZone) -> String {
        let (day, minute) = LocalDate.wallClock(Date(timeIntervalSince1970: TimeInterval(utc)), in: timeZone)
        return "\(day) \(minute / 60 < 10 ? "0" : "")\(minute / 60):\(minute % 60 < 10 ? "0" : "")\(minute % 60)"
    }
}
