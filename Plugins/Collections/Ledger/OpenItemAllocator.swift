/// Open-item accounting: credits (payments, credits, write-offs) pay the oldest amounts owed
/// first, by due date then posting order; credit beyond everything owed stays as a credit
/// balance and pays the next charges as they arrive.
///
/// The allocation is computed from the immutable entries for the date asked rather than
/// stored, so it is the same whenever it is asked and a back-dated or reversed entry (an NSF
/// return) reopens exactly what it should. A reversal and the entry it reverses cancel out
/// of the allocation (their amounts sum to zero, so the balance is unchanged).
///
/// A deposit applied is the one credit that pays selectively: it is allocated after every
/// other credit, to what remains of the amounts owed other than billed deposits (the held
/// deposit cannot pay the deposit itself). So applying a deposit never changes how much of a
/// billed deposit the other credits paid: the deposit held falls by exactly the amount applied.
enum OpenItemAllocator {
    /// The position made by `lines` (all of one account, already limited to the date asked).
    static func position(of lines: [LedgerLine]) -> AccountPosition {
        var reversed: Set<Int64> = []
        for line in lines { if let target = line.reversesID { reversed.insert(target) } }
        var position = AccountPosition()
        var credits: Int64 = 0
        var depositCredits: Int64 = 0
        var debits: [LedgerLine] = []
        debits.reserveCapacity(lines.count)
        for line in lines {
            position.balance += line.amount
            if line.reversesID != nil || (!reversed.isEmpty && reversed.contains(line.id)) { continue }
            if line.amount < 0 {
                if line.kind == EntryKind.depositApplied.rawValue { depositCredits -= line.amount } else { credits -= line.amount }
            } else if line.amount > 0 {
                debits.append(line)
            }
        }
        debits.sort { ($0.dueDay, $0.id) < ($1.dueDay, $1.id) }
        apply(credits: credits, depositCredits: depositCredits, to: debits, into: &position)
        return position
    }

    /// Applies `credits` (positive) to `debits` (sorted oldest first), then `depositCredits` to
    /// what remains of the debits that are not billed deposits, and records what stays open.
    static func apply(credits: Int64, depositCredits: Int64 = 0, to debits: [LedgerLine], into position: inout AccountPosition) {
        var remaining = credits
        var remainingDeposit = depositCredits
        for debit in debits {
            let applied = min(remaining, debit.amount)
            remaining -= applied
            var open = debit.amount - applied
            if remainingDeposit > 0, open > 0, debit.kind != EntryKind.depositBilled.rawValue {
                let fromDeposit = min(remainingDeposit, open)
                remainingDeposit -= fromDeposit
                open -= fromDeposit
            }
            if open > 0 {
                position.openItems.append(OpenAmount(
                    entryID: debit.id, kind: debit.kind, billID: debit.billID, dueDay: debit.dueDay, entryDay: debit.entryDay,
                    original: debit.amount, open: open, rateClass: debit.rateClass))
            }
        }
        position.credit = -(remaining + remainingDeposit)
    }
}
