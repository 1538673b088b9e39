import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC

/// The rate stage: each agreement's determinants (after the programs stage) rated under its
/// tariff's active versions into a bill, checked for holds.
extension BillingRunner {
    /// Exemptions (Accounts) and water meter sizes (Metering) a batch's bills need, asked
    /// once per batch for what earlier batches did not already answer.
    final class BatchLookups {
        let accounts: AccountsV1.Client
        let metering: MeteringV1.Client
        /// "customer|tax type|date" → exempt.
        private(set) var exemptions: [String: Bool] = [:]
        private(set) var meterSizes: [String: String] = [:]

        init(accounts: AccountsV1.Client, metering: MeteringV1.Client) {
            self.accounts = accounts
            self.metering = metering
        }

        /// The questions one bill asks: exemptions from its tariff's taxes on its last day of
        /// service, and its meter's size when the base charge depends on it.
        static func questions(_ item: Settle_Metering_V1_BillingDeterminants, terms: [TariffTerms], customer: String) -> (exemptions: [(String, String, String)], serial: String?) {
            guard let last = terms.last, let end = LocalDate(item.periodEnd) else { return ([], nil) }
            var checks: [(String, String, String)] = []
            if !customer.isEmpty {
                let day = end.adding(days: -1).description
                for taxType in Set(last.taxes.map(\.taxType)).sorted() where !taxType.isEmpty { checks.append((customer, taxType, day)) }
            }
            let needsSize = [last.water, last.wastewater].contains { volume in volume.map { !$0.base.isEmpty && $0.base[""] == nil } ?? false }
            let serial = needsSize ? item.segments.last?.meterSerial : nil
            return (checks, serial.flatMap { $0.isEmpty ? nil : $0 })
        }

        /// Asks Accounts and Metering, one call each, what `items` need and is not known yet.
        func prefetch(_ items: [(item: Settle_Metering_V1_BillingDeterminants, terms: [TariffTerms], customer: String)]) async throws {
            var checks: [Settle_Accounts_V1_CheckTaxExemptionRequest] = []
            var keys: [String] = []
            var asked = Set<String>()
            var serials = Set<String>()
            for (item, terms, customer) in items {
                let (wanted, serial) = Self.questions(item, terms: terms, customer: customer)
                for (customer, taxType, day) in wanted {
                    let key = "\(customer)|\(taxType)|\(day)"
                    guard exemptions[key] == nil, asked.insert(key).inserted else { continue }
                    var check = Settle_Accounts_V1_CheckTaxExemptionRequest()
                    check.customerID = customer
                    check.taxType = taxType
                    check.date = day
                    checks.append(check)
                    keys.append(key)
                }
                if let serial, meterSizes[serial] == nil { serials.insert(serial) }
            }
            if !checks.isEmpty {
                var request = Settle_Accounts_V1_CheckTaxExemptionsRequest()
                request.checks = checks
                let answers = try await accounts.checkTaxExemptions(request).exempt
                guard answers.count == checks.count else {
                    throw RatingError.failedPrecondition("Accounts answered \(answers.count) of \(checks.count) exemption checks")
                }
                for (key, exempt) in zip(keys, answers) { exemptions[key] = exempt }
            }
            if !serials.isEmpty {
                var request = Settle_Metering_V1_GetMeterSizesRequest()
                request.serials = serials.sorted()
                let sizes = try await metering.getMeterSizes(request).sizes
                for serial in serials { meterSizes[serial] = sizes[serial] ?? "" }
            }
        }

        func exempt(customer: String, taxType: String, on day: String) -> Bool { exemptions["\(customer)|\(taxType)|\(day)"] ?? false }
        func meterSize(_ serial: String) -> String { meterSizes[serial] ?? "" }
    }

    /// What a bill is rated on: the determinants, the customer's exemptions from the tariff's
    /// taxes on the last day of service, ratchet history, the water meter's size when the base
    /// charge depends on it, and what the programs stage decided (`effects`).
    static func input(
        _ item: Settle_Metering_V1_BillingDeterminants, terms: [TariffTerms], customer: String, history: [Settle_Rating_V1_PastDemand],
        lookups: BatchLookups, effects: ProgramEffects? = nil
    ) -> Settle_Rating_V1_RatingInput {
        var input = Settle_Rating_V1_RatingInput()
        input.periodStart = item.periodStart
        input.periodEnd = item.periodEnd
        input.deliveredWh = item.deliveredWh
        input.receivedWh = item.receivedWh
        input.maxDemandW = item.maxDemandW
        input.kvarhVarh = item.kvarhVarh
        input.gallonsThousandths = item.gallonsThousandths
        input.touWh = item.usesIntervals ? item.touWh : []
        input.touMaxDemandW = item.usesIntervals ? item.touMaxDemandW : []
        input.touReceivedWh = item.usesIntervals ? item.touReceivedWh : []
        input.demandHistory = history
        let (checks, serial) = BatchLookups.questions(item, terms: terms, customer: customer)
        for (customer, taxType, day) in checks where lookups.exempt(customer: customer, taxType: taxType, on: day) { input.exemptTaxTypes.append(taxType) }
        if let serial { input.meterSize = lookups.meterSize(serial) }
        if let effects {
            if let wastewater = effects.wastewaterGallonsThousandths { input.wastewaterGallonsThousandths = wastewater }
            input.programNotes = effects.notes
            if let solar = effects.solar { input.solar = solar }
        }
        return input
    }

    /// Rates one agreement's determinants into a bill with its holds, or says why it is skipped.
    func rate(
        _ item: Settle_Metering_V1_BillingDeterminants, settings: Settings, agreement: Settle_Accounts_V1_ServiceAgreement?,
        tariffs: [String: Result<[TariffTerms], RPCError>], average: Int64?, history: [Settle_Rating_V1_PastDemand], lookups: BatchLookups,
        effects: ProgramEffects?
    ) -> Outcome {
        if let skip = effects?.skip { return .skip(skip) }
        guard item.problem.isEmpty else { return .skip("no determinants: \(item.problem)") }
        guard let found = tariffs[item.rateSchedule] else { return .skip("no tariff '\(item.rateSchedule)'") }
        let terms: [TariffTerms]
        switch found {
        case .success(let value): terms = value
        case .failure(let error): return .skip(error.message)
        }
        let finalBill = FinalBill.isFinal(agreement, periodEnd: item.periodEnd)
        var effects = effects
        // A move-out's final bill closes a solar bank: drawn on first, the rest paid out.
        if finalBill, let solar = effects?.solar, let end = LocalDate(item.periodEnd) {
            effects?.solar = SolarBanks.closingOut(solar, periodEnd: end)
            effects?.notes.append(SolarBanks.closingNote(solar))
        }
        let input = Self.input(item, terms: terms, customer: agreement?.customerID ?? "", history: history, lookups: lookups, effects: effects)
        let rated: Settle_Rating_V1_RatedBill
        do {
            rated = try BillRater(code: item.rateSchedule, versions: terms, wholePeriod: false).rate(try RatingInput(input))
        } catch {
            return .skip("cannot rate: \(error.message)")
        }

        var bill = Settle_Rating_V1_Bill()
        bill.id = BillIdentity.id(period: settings.periodText, cycle: settings.cycle, agreement: item.agreementID)
        bill.runID = settings.runID
        bill.cycle = settings.cycle
        bill.period = settings.periodText
        bill.agreementID = item.agreementID
        bill.accountNumber = item.accountNumber
        bill.customerID = agreement?.customerID ?? ""
        bill.premiseID = item.premiseID
        bill.serviceType = item.serviceType
        bill.rateClass = item.rateClass
        bill.tariffCode = item.rateSchedule
        bill.billDate = settings.billDateText
        bill.dueDate = settings.dueDateText
        bill.input = input
        bill.rated = rated
        bill.estimated = item.estimated
        bill.reads = item.segments.map(Self.read)
        bill.finalBill = finalBill
        if var decision = effects?.budget {
            // A move-out's final bill ends the plan: the deferred balance is due on it.
            if bill.finalBill, decision.kind != "leaving" {
                decision.kind = "leaving"
                decision.changeReason = "final bill (move-out)"
                decision.note = "Budget billing ends (final bill): the deferred balance \(Dollars.plain(decision.deferredBeforeCents)) is due on this bill"
            }
            bill.budget = BudgetOnBill.make(decision, actualCents: rated.totalCents)
            bill.rated.notes += BudgetOnBill.notes(bill.budget, programNote: decision.note)
        }
        bill.holdReasons = Self.holds(item, rated: rated, agreement: agreement, average: average, settings: settings)
        bill.status = bill.holdReasons.isEmpty ? "issued" : "held"
        return .bill(bill)
    }

    static func read(_ segment: Settle_Metering_V1_MeterSegment) -> Settle_Rating_V1_BillRead {
        var read = Settle_Rating_V1_BillRead()
        read.meterSerial = segment.meterSerial
        read.fromDate = segment.fromDate
        read.toDate = segment.toDate
        read.startRead = segment.startRead
        read.endRead = segment.endRead
        read.startKind = segment.startKind.name
        read.endKind = segment.endKind.name
        let unit = segment.channel == .gallons ? "gal" : "kWh"
        read.usage = "\(Micros.format(Int128(segment.consumption) * 1_000, decimals: 3)) \(unit)"
        return read
    }
}
