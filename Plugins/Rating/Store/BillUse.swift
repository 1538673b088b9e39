import SettleContracts

/// The use a bill was rated on, in thousandths of its unit, as the bill row's
/// `use_thousandths` column keeps it: Wh (thousandths of a kWh) for electric, thousandths of
/// a gallon for water, and for wastewater the averaged volume when a program set one.
enum BillUse {
    static func thousandths(_ bill: Settle_Rating_V1_Bill) -> Int64 {
        let input = bill.input
        switch bill.serviceType {
        case "electric": return input.deliveredWh
        case "water": return input.gallonsThousandths
        case "wastewater": return input.hasWastewaterGallonsThousandths ? input.wastewaterGallonsThousandths : input.gallonsThousandths
        default: return 0
        }
    }
}
