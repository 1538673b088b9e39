import Foundation
import SettleContracts
import SettleDomain

/// How rating results print.
enum RatingFormat {
    static func dollars(_ cents: Int64) -> String { Dollars.plain(cents) }

    static func lineObject(_ line: Settle_Rating_V1_BillLine) -> [String: Any] {
        [
            "component": line.component, "description": line.description_p, "quantity": line.quantity, "unit": line.unit,
            "rate": line.rate, "amount": dollars(line.amountCents), "tariff_version": line.tariffVersion,
            "from": line.fromDate, "to": line.toDate,
        ]
    }
}
