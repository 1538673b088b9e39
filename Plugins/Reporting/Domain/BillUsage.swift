import SettleContracts

/// The use a bill was rated on, in thousandths of its unit: kWh delivered for electric,
/// gallons for water and wastewater (the averaged volume when a program set one), none for a
/// service without a meter. Kept in thousandths so sums stay exact until they are shown.
struct BillUsage: Sendable, Equatable {
    let unit: String
    let thousandths: Int64

    init(_ bill: Settle_Rating_V1_Bill) {
        let input = bill.input
        switch bill.serviceType {
        case "electric": (unit, thousandths) = ("kWh", input.deliveredWh)
        case "water": (unit, thousandths) = ("gallons", input.gallonsThousandths)
        case "wastewater":
            (unit, thousandths) = ("gallons", input.hasWastewaterGallonsThousandths ? input.wastewaterGallonsThousandths : input.gallonsThousandths)
        default: (unit, thousandths) = (Self.unit(of: bill.serviceType), 0)
        }
    }

    /// The unit a service's use is counted in ("" when it has none).
    static func unit(of serviceType: String) -> String {
        switch serviceType {
        case "electric": "kWh"
        case "water", "wastewater": "gallons"
        default: ""
        }
    }

    /// Whole units, rounded down.
    static func whole(_ thousandths: Int64) -> Int64 { thousandths >= 0 ? thousandths / 1000 : -((-thousandths + 999) / 1000) }
}
