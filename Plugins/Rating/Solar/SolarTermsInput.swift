import Foundation
import SettleContracts
import SettleDomain
import SettleRPC

/// A bill's solar terms in the engine's units: the option, the true-up, and the bank and
/// carryover the bill starts from.
struct SolarTermsInput: Sendable {
    let option: MeteringOption
    /// 1–12.
    let trueUpMonth: Int
    let yearEndSellMicros: Int64
    let rollover: Bool
    /// 0 = dollars never expire.
    let expiryMonths: Int
    let enrolmentID: String
    /// Millionths of a kWh per energy period index.
    let bankStart: [Int64]
    let carryoverStart: [CreditLotValue]

    init(option: MeteringOption, trueUpMonth: Int = 12, yearEndSellMicros: Int64 = 0, rollover: Bool = false, expiryMonths: Int = 0,
         enrolmentID: String = "", bankStart: [Int64] = [], carryoverStart: [CreditLotValue] = []) {
        self.option = option
        self.trueUpMonth = trueUpMonth
        self.yearEndSellMicros = yearEndSellMicros
        self.rollover = rollover
        self.expiryMonths = expiryMonths
        self.enrolmentID = enrolmentID
        self.bankStart = bankStart
        self.carryoverStart = carryoverStart
    }

    /// Parses the contract's terms, naming the field that is wrong under `field`.
    init(_ terms: Settle_Rating_V1_SolarTerms, field: String) throws(RPCError) {
        guard let option = MeteringOption(rawValue: terms.metering) else {
            throw RatingError.invalid("\(field).metering", "'\(terms.metering)' is not a metering option (\(MeteringOption.names))")
        }
        let month = terms.trueUpMonth == 0 ? 12 : Int(terms.trueUpMonth)
        guard (1...12).contains(month) else { throw RatingError.invalid("\(field).true_up_month", "\(terms.trueUpMonth) is not a month 1–12") }
        var sell: Int64 = 0
        if !terms.yearendSellRate.isEmpty {
            guard let parsed = Micros.parse(terms.yearendSellRate), parsed >= 0 else {
                throw RatingError.invalid("\(field).yearend_sell_rate", "'\(terms.yearendSellRate)' is not a non-negative rate with at most 6 decimals")
            }
            sell = parsed
        }
        guard terms.creditExpiryMonths <= 120 else { throw RatingError.invalid("\(field).credit_expiry_months", "\(terms.creditExpiryMonths) is more than 120") }
        guard terms.bankStartMwh.allSatisfy({ $0 >= 0 }) else { throw RatingError.invalid("\(field).bank_start_mwh", "a bank is never negative") }
        var lots: [CreditLotValue] = []
        for (index, lot) in terms.carryoverStart.enumerated() {
            guard let earned = YearMonth(lot.earned), lot.cents >= 0 else {
                throw RatingError.invalid("\(field).carryover_start[\(index)]", "'\(lot.earned)' \(lot.cents) is not a month YYYY-MM with non-negative cents")
            }
            lots.append(CreditLotValue(earned: earned, cents: lot.cents))
        }
        self.init(option: option, trueUpMonth: month, yearEndSellMicros: sell, rollover: terms.rollover, expiryMonths: Int(terms.creditExpiryMonths),
                  enrolmentID: terms.enrolmentID, bankStart: terms.bankStartMwh, carryoverStart: lots)
    }
}

/// Dollars earned in one month and still carried.
struct CreditLotValue: Sendable, Equatable {
    let earned: YearMonth
    var cents: Int64
}

extension SolarTermsInput {
    /// `settle bill simulate --metering …`: the option and its settings, the bank empty at the
    /// file's start; nil without `metering` (net billing as without a program).
    static func simulating(_ request: Settle_Rating_V1_SimulateBillRequest) throws(RPCError) -> SolarTermsInput? {
        guard !request.metering.isEmpty else {
            if request.trueUpMonth != 0 || !request.yearendSellRate.isEmpty || request.rollover || request.creditExpiryMonths != 0 {
                throw RatingError.invalid("metering", "a true-up month, year-end sell rate, rollover or credit expiry needs a metering option (\(MeteringOption.names))")
            }
            return nil
        }
        var terms = Settle_Rating_V1_SolarTerms()
        terms.metering = request.metering
        terms.trueUpMonth = request.trueUpMonth
        terms.yearendSellRate = request.yearendSellRate
        terms.rollover = request.rollover
        terms.creditExpiryMonths = request.creditExpiryMonths
        do {
            return try SolarTermsInput(terms, field: "request")
        } catch {
            throw RPCError(error.code, error.message.replacingOccurrences(of: "request.", with: ""))
        }
    }
}
