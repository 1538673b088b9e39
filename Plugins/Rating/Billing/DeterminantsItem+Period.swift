import SettleContracts

/// One agreement's period as Rating asks Metering for its billing determinants. A billing run,
/// a final bill, a program's group member, a rebill, a comparison and a release check all ask
/// for the same five fields, so they are filled in one place.
extension Settle_Metering_V1_DeterminantsItem {
    init(agreement: UInt64, premise: String, service: String, from: String, to: String) {
        self.init()
        agreementID = agreement
        premiseID = premise
        serviceType = service
        fromDate = from
        toDate = to
    }

    /// The period `bill` covers, asked again: its figures as Metering holds them now.
    init(periodOf bill: Settle_Rating_V1_Bill) {
        self.init(agreement: bill.agreementID, premise: bill.premiseID, service: bill.serviceType,
                  from: bill.input.periodStart, to: bill.input.periodEnd)
    }
}
