/// Open-item accounting: credits (payments, credits, write-offs) pay the oldest amounts owed
/// first, by due date then posting order; credit beyond everything owed stays as a credit
/// balance and pays the next charges as they arrive.
///
/// The allocation is computed from the immutable entries for the date asked rather than
/// stored, so it is the same whenever it is asked and a back-dated or reversed entry (an NSF
/// return) reopens exactly what it should. A reversal and the entry it reverses cancel out
/// of the allocation (their amounts sum to zero, so the balance is unchanged).
///
/// Fees (late and NSF) are billed with the account's next bill: a fee is due on the due date
/// of the first bill dated on or after the day it was assessed, and until such a bill is on
/// the ledger it is current (`OpenAmount.unbilled`), so it neither ages nor counts as past due.
///
/// A deposit applied is the one credit that pays selectively: it is allocated after every
/// other credit, to what remains of the amounts owed other than billed deposits (the held
/// deposit cannot pay the deposit itself). So applying a deposit never changes how much of a
/// billed deposit the other credits paid: the deposit held falls by exactly the amount applied.
/// A write-off is allocated the same way: forgiving debt never pays (or fills) a deposit.
///
/// Under a bankruptcy case (`stay`) each debit is split into its pre- and post-petition parts
/// (by service period), and credits dated while the stay is in force pay post-petition parts
/// only (they are allocated first); every other credit pays oldest first as usual.
///
/// Budget billing: a charge under a levelized plan is owed as the installment it made due
/// (`LedgerLine.installmentDue`), so due, past due, aging, late fees and notices all measure
/// installments; the rest of its amount is the account's deferred balance (never due here:
/// the plan's settle-up or leaving bill makes it due as part of that bill's installment).
enum OpenItemAllocator {
    /// A debit, or the pre- or post-petition part of one, waiting for credits.
    struct Debit {
        var line: LedgerLine
        var amount: Int64
        var prePetition: Bool
    }

    /// The position made by `lines` (all of one account, already limited to the date asked).
    static func position(of lines: [LedgerLine], stay: BankruptcyStay? = nil) -> AccountPosition {
        var reversed: Set<Int64> = []
        for line in lines { if let target = line.reversesID { reversed.insert(target) } }
        var position = AccountPosition()
        var credits: Int64 = 0
        var stayCredits: Int64 = 0
        var depositCredits: Int64 = 0
        var debits: [LedgerLine] = []
        debits.reserveCapacity(lines.count)
        var hasFees = false
        for var line in lines {
            position.balance += line.amount
            if line.reversesID != nil || (!reversed.isEmpty && reversed.contains(line.id)) { continue }
            if let due = line.installmentDue {
                position.deferred += line.amount - due
                line.amount = due
            }
            if line.amount < 0 {
                // A write-off forgives debt: like a deposit applied it never pays a billed deposit
                // (that would count as deposit held), so a discharge's write-off meets the debts.
                if line.kind == EntryKind.depositApplied.rawValue || line.kind == EntryKind.writeOff.rawValue {
                    depositCredits -= line.amount
                } else if let stay, stay.restrictsCredit(on: line.entryDay) {
                    stayCredits -= line.amount
                } else {
                    credits -= line.amount
                }
            } else if line.amount > 0 {
                if EntryKind.isFee(line.kind) { hasFees = true }
                debits.append(line)
            }
        }
        if hasFees { billFees(&debits, lines: lines, reversed: reversed) }
        debits.sort { ($0.dueDay, $0.id) < ($1.dueDay, $1.id) }
        var parts: [Debit] = []
        parts.reserveCapacity(debits.count)
        for debit in debits {
            guard let stay else { parts.append(Debit(line: debit, amount: debit.amount, prePetition: false)); continue }
            let pre = stay.prePetitionPart(of: debit)
            if pre > 0 { parts.append(Debit(line: debit, amount: pre, prePetition: true)) }
            if debit.amount - pre > 0 { parts.append(Debit(line: debit, amount: debit.amount - pre, prePetition: false)) }
        }
        apply(credits: credits, stayCredits: stayCredits, depositCredits: depositCredits, to: parts, into: &position)
        return position
    }

    /// Gives each fee the due day of the next bill: the first charge (not reversed) dated on
    /// or after the fee; a fee no bill has carried yet is current.
    static func billFees(_ debits: inout [LedgerLine], lines: [LedgerLine], reversed: Set<Int64>) {
        let bills = lines.filter { $0.kind == EntryKind.charge.rawValue && !reversed.contains($0.id) }
        for index in debits.indices where EntryKind.isFee(debits[index].kind) {
            let assessed = debits[index].entryDay
            var due = OpenAmount.unbilled
            for bill in bills where bill.entryDay >= assessed && bill.dueDay < due { due = bill.dueDay }
            debits[index].dueDay = due
        }
    }

    /// Applies `stayCredits` to the post-petition parts, then `credits` (positive) to every
    /// part (sorted oldest first), then `depositCredits` to what remains of the parts that are
    /// not billed deposits, and records what stays open.
    static func apply(
        credits: Int64, stayCredits: Int64 = 0, depositCredits: Int64 = 0, to debits: [Debit], into position: inout AccountPosition
    ) {
        var open = debits.map(\.amount)
        var remainingStay = stayCredits
        if remainingStay > 0 {
            for index in debits.indices where !debits[index].prePetition && remainingStay > 0 {
                let applied = min(remainingStay, open[index])
                remainingStay -= applied
                open[index] -= applied
            }
        }
        var remaining = credits
        var remainingDeposit = depositCredits
        for (index, debit) in debits.enumerated() {
            let applied = min(remaining, open[index])
            remaining -= applied
            open[index] -= applied
            if remainingDeposit > 0, open[index] > 0, debit.line.kind != EntryKind.depositBilled.rawValue {
                let fromDeposit = min(remainingDeposit, open[index])
                remainingDeposit -= fromDeposit
                open[index] -= fromDeposit
            }
            if open[index] > 0 {
                position.openItems.append(OpenAmount(
                    entryID: debit.line.id, kind: debit.line.kind, billID: debit.line.billID, dueDay: debit.line.dueDay,
                    entryDay: debit.line.entryDay, original: debit.line.amount, open: open[index], rateClass: debit.line.rateClass,
                    prePetition: debit.prePetition))
            }
        }
        position.credit = -(remaining + remainingStay + remainingDeposit)
    }
}
