import Foundation
import SettleContracts
import SettleDomain
import SettleRPC

/// Turns one OpenEI Utility Rate Database (URDB) rate into a draft tariff version.
///
/// What it applies: `energyratestructure` (tiers with `max`, `rate` + `adj`, `unit` "kWh" or
/// "kWh daily", `sell`) with `energyweekdayschedule` / `energyweekendschedule`;
/// `fixedchargefirstmeter` with `fixedchargeunits` ($/month, $/day); `mincharge` with
/// `minchargeunits` ($/month, $/day); `flatdemandstructure` with `flatdemandmonths`;
/// `demandratestructure` with `demandweekdayschedule` / `demandweekendschedule`. Metadata
/// (name, utility, dates, comments) becomes notes. Every other field — and any value in a
/// unit Settle does not rate — is listed in `unsupported`, never silently dropped.
/// Numbers are read as written (never through binary floating point); a rate with more than
/// 6 decimals is rounded to 6 and reported.
struct UrdbImporter {
    struct Result {
        var version = Settle_Rating_V1_TariffVersion()
        var unsupported: [String] = []
        var name = ""
        var rateClass = ""
        var startDate = ""
    }

    static let applied: Set<String> = [
        "energyratestructure", "energyweekdayschedule", "energyweekendschedule", "fixedchargefirstmeter", "fixedchargeunits",
        "mincharge", "minchargeunits", "flatdemandstructure", "flatdemandmonths", "flatdemandunit", "demandratestructure",
        "demandweekdayschedule", "demandweekendschedule", "demandrateunit",
    ]
    static let metadata: Set<String> = [
        "label", "uri", "name", "utility", "eiaid", "sector", "description", "source", "sourceparent", "startdate", "enddate",
        "approved", "is_default", "country", "revisions", "supercedes", "servicetype", "basicinformationcomments",
        "energycomments", "demandcomments", "latest_update",
    ]

    static func convert(_ bytes: [UInt8], code: String) throws(RPCError) -> Result {
        let document: ExactJSON
        do {
            document = try ExactJSON.parse(bytes)
        } catch {
            throw RatingError.invalid("urdb_json", "not valid JSON at byte \(error.offset): \(error.message)")
        }
        var rate = document
        if let items = document["items"]?.array {
            guard let first = items.first else { throw RatingError.invalid("urdb_json", "\"items\" is empty: no rate to import") }
            rate = first
        }
        guard case .object(let members) = rate else { throw RatingError.invalid("urdb_json", "expected a URDB rate object (or {\"items\": [rate]})") }

        var result = Result()
        var version = Settle_Rating_V1_TariffVersion()
        version.code = code
        for (key, value) in members {
            if applied.contains(key) { continue }
            if metadata.contains(key) {
                if let text = value.string ?? value.numberText, !text.isEmpty { version.importNotes.append("\(key): \(text)") }
                continue
            }
            if value.isNull { continue }
            result.unsupported.append("\(key): not modelled by Settle's tariffs")
        }
        result.name = rate["name"]?.string ?? ""
        version.description_p = [rate["utility"]?.string, rate["name"]?.string].compactMap { $0 }.joined(separator: " — ")
        switch rate["sector"]?.string?.lowercased() ?? "" {
        case "commercial": result.rateClass = "small_commercial"
        case "industrial": result.rateClass = "industrial"
        case "lighting": result.rateClass = "lighting"
        default: result.rateClass = "residential"
        }
        if let start = rate["startdate"]?.numberText, let seconds = Int64(start) {
            // URDB writes a date as the epoch seconds of its UTC midnight.
            result.startDate = LocalDate(Date(timeIntervalSince1970: TimeInterval(seconds)), in: .gmt).description
        }

        var context = Context(result: result)
        if let structure = rate["energyratestructure"] {
            var energy = Settle_Rating_V1_EnergyCharge()
            energy.periods = try context.periods(structure, field: "energyratestructure", kind: .energy)
            energy.weekday = try context.schedule(rate["energyweekdayschedule"], field: "energyweekdayschedule", periods: energy.periods.count)
            energy.weekend = try context.schedule(rate["energyweekendschedule"], field: "energyweekendschedule", periods: energy.periods.count)
            if energy.weekend.isEmpty { energy.weekend = energy.weekday }
            if energy.weekday.isEmpty { energy.weekday = energy.weekend }
            version.energy = energy
        }
        if let amount = rate["fixedchargefirstmeter"]?.numberText {
            version.customerCharge = try context.fixed(amount, units: rate["fixedchargeunits"]?.string, field: "fixedchargefirstmeter")
        }
        if let amount = rate["mincharge"]?.numberText {
            version.minimumBill = try context.fixed(amount, units: rate["minchargeunits"]?.string, field: "mincharge")
        }
        var demand = Settle_Rating_V1_DemandCharge()
        var hasDemand = false
        for (key, field) in [("flatdemandunit", "flatdemandstructure"), ("demandrateunit", "demandratestructure")] {
            if let unit = rate[key]?.string, unit.lowercased() != "kw" {
                throw RatingError.invalid("urdb_json", "\(key) '\(unit)' is not supported (only kW); \(field) cannot be rated")
            }
        }
        if let structure = rate["flatdemandstructure"], structure.array?.isEmpty == false {
            demand.flatPeriods = try context.periods(structure, field: "flatdemandstructure", kind: .demand)
            if let months = rate["flatdemandmonths"]?.array {
                guard months.count == 12 else { throw RatingError.invalid("urdb_json", "flatdemandmonths needs 12 entries, has \(months.count)") }
                demand.flatMonths = try months.enumerated().map { index, value throws(RPCError) in
                    guard let text = value.numberText, let period = UInt32(text), Int(period) < demand.flatPeriods.count else {
                        throw RatingError.invalid("urdb_json", "flatdemandmonths[\(index)] is not a period of flatdemandstructure")
                    }
                    return period
                }
            }
            hasDemand = true
        }
        if let structure = rate["demandratestructure"], structure.array?.isEmpty == false {
            demand.touPeriods = try context.periods(structure, field: "demandratestructure", kind: .demand)
            demand.touWeekday = try context.schedule(rate["demandweekdayschedule"], field: "demandweekdayschedule", periods: demand.touPeriods.count)
            demand.touWeekend = try context.schedule(rate["demandweekendschedule"], field: "demandweekendschedule", periods: demand.touPeriods.count)
            if demand.touWeekday.isEmpty { throw RatingError.invalid("urdb_json", "demandratestructure needs demandweekdayschedule") }
            hasDemand = true
        }
        if hasDemand { version.demand = demand }
        result = context.result
        version.importNotes += result.unsupported.map { "unsupported \($0)" }
        result.version = version
        return result
    }

    enum Kind { case energy, demand }

    private struct Context {
        var result: Result

        mutating func decimal(_ text: String, field: String) throws(RPCError) -> Int64 {
            let plain = UrdbImporter.plainDecimal(text)
            if let exact = Micros.parse(plain) { return exact }
            guard let rounded = Micros.parse(plain, maxDecimals: 6, roundExtra: true) else {
                throw RatingError.invalid("urdb_json", "\(field) '\(text)' is not a number")
            }
            result.unsupported.append("\(field): \(text) has more than 6 decimals; rounded to \(Micros.format(rounded))")
            return rounded
        }

        mutating func periods(_ structure: ExactJSON, field: String, kind: Kind) throws(RPCError) -> [Settle_Rating_V1_RatePeriod] {
            guard let periods = structure.array, !periods.isEmpty else { throw RatingError.invalid("urdb_json", "\(field) must be a non-empty array of periods") }
            return try periods.enumerated().map { index, period throws(RPCError) in
                guard let tiers = period.array, !tiers.isEmpty else { throw RatingError.invalid("urdb_json", "\(field)[\(index)] must be a non-empty array of tiers") }
                var result = Settle_Rating_V1_RatePeriod()
                result.name = "period \(index)"
                result.tiers = try tiers.enumerated().map { tierIndex, tier throws(RPCError) in
                    try self.tier(tier, field: "\(field)[\(index)][\(tierIndex)]", kind: kind)
                }
                return result
            }
        }

        mutating func tier(_ tier: ExactJSON, field: String, kind: Kind) throws(RPCError) -> Settle_Rating_V1_Tier {
            guard case .object(let members) = tier else { throw RatingError.invalid("urdb_json", "\(field) must be an object") }
            var result = Settle_Rating_V1_Tier()
            var rate: Int64 = 0
            for (key, value) in members {
                switch key {
                case "rate", "adj":
                    guard let text = value.numberText else { throw RatingError.invalid("urdb_json", "\(field).\(key) is not a number") }
                    rate += try decimal(text, field: "\(field).\(key)")
                case "max":
                    guard let text = value.numberText else { throw RatingError.invalid("urdb_json", "\(field).max is not a number") }
                    result.max = Micros.format(try decimal(text, field: "\(field).max"))
                case "sell" where kind == .energy:
                    guard let text = value.numberText else { throw RatingError.invalid("urdb_json", "\(field).sell is not a number") }
                    result.sell = Micros.format(try decimal(text, field: "\(field).sell"))
                case "unit" where kind == .energy:
                    switch value.string?.lowercased() ?? "" {
                    case "kwh", "": break
                    case "kwh daily": result.unit = "kwh_daily"
                    default: throw RatingError.invalid("urdb_json", "\(field).unit '\(value.string ?? "")' is not supported (kWh or kWh daily)")
                    }
                default:
                    result.unsupported(key: key, field: field, into: &self.result)
                }
            }
            result.rate = Micros.format(rate)
            return result
        }

        func schedule(_ value: ExactJSON?, field: String, periods: Int) throws(RPCError) -> [UInt32] {
            guard let value, !value.isNull else { return [] }
            guard let months = value.array, months.count == 12 else { throw RatingError.invalid("urdb_json", "\(field) must be 12 months of 24 hours") }
            var table: [UInt32] = []
            for (month, hours) in months.enumerated() {
                guard let hours = hours.array, hours.count == 24 else { throw RatingError.invalid("urdb_json", "\(field)[\(month)] must have 24 hours") }
                for (hour, entry) in hours.enumerated() {
                    guard let text = entry.numberText, let period = UInt32(text), Int(period) < periods else {
                        throw RatingError.invalid("urdb_json", "\(field)[\(month)][\(hour)] is not a period index below \(periods)")
                    }
                    table.append(period)
                }
            }
            return table
        }

        mutating func fixed(_ amount: String, units: String?, field: String) throws(RPCError) -> Settle_Rating_V1_FixedCharge {
            var charge = Settle_Rating_V1_FixedCharge()
            charge.amount = Micros.format(try decimal(amount, field: field))
            switch (units ?? "$/month").lowercased() {
            case "$/month": charge.per = "month"
            case "$/day": charge.per = "day"
            default: throw RatingError.invalid("urdb_json", "\(field) in '\(units ?? "")' is not supported ($/month or $/day)")
            }
            return charge
        }
    }

    /// Exponent notation ("1.5e-05") as a plain decimal ("0.000015").
    static func plainDecimal(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]) else { return text }
        var mantissa = String(text[..<e])
        var negative = false
        if mantissa.hasPrefix("-") { negative = true; mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var point = parts[0].count + exponent
        if point <= 0 { digits = String(repeating: "0", count: 1 - point) + digits; point = 1 }
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        let whole = digits.prefix(point)
        let fraction = digits.dropFirst(point)
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }
}

private extension Settle_Rating_V1_Tier {
    func unsupported(key: String, field: String, into result: inout UrdbImporter.Result) {
        result.unsupported.append("\(field).\(key): not modelled by Settle's tariffs")
    }
}
