import Foundation
import SettleContracts
import SettleDomain

/// How rating results print.
enum RatingFormat {

    static func lineObject(_ line: Settle_Rating_V1_BillLine) -> [String: Any] {
        [
            "component": line.component, "description": line.description_p, "quantity": line.quantity, "unit": line.unit,
            "rate": line.rate, "amount": Dollars.plain(line.amountCents), "tariff_version": line.tariffVersion,
            "from": line.fromDate, "to": line.toDate,
        ]
    }
}
