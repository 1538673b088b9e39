import Foundation
import SettleContracts
import SettleRPC

/// What the billing run's pipeline has in flight and what its stages hand each other.
extension BillingRunner {
    /// One batch in flight: one being stored, one being posted, and stored batches waiting
    /// for their posting turn.
    struct Pipeline {
        var storing = false
        var posting = false
        var toPost: [StoredBatch] = []
        /// Postings Collections confirmed, marked by the next storing transaction.
        var toMark: [PostedMark] = []
        /// How many of `toMark` (its first ones) the storing in flight marks.
        var marksBeingStored = 0
    }

    /// A batch's outcome counts.
    struct BatchCounts: Sendable {
        let issued: UInt32
        let held: UInt32
        let skipped: UInt32
    }

    /// A stored batch, waiting to be posted.
    struct StoredBatch: Sendable {
        let bills: [Settle_Rating_V1_Bill]
        /// The key its issued bills were stored with, which their posting must use.
        let postingKey: String
        let skipped: Int
        let took: Duration

        var counts: BatchCounts {
            let issued = bills.filter { $0.status == "issued" }.count
            return BatchCounts(issued: UInt32(issued), held: UInt32(bills.count - issued), skipped: UInt32(skipped))
        }
    }

    /// What a pipeline stage finished.
    enum StageResult: Sendable {
        case stored(StoredBatch)
        case posted(BatchCounts, PostedMark?, Duration)
    }

    /// Where a run's time went, for the log: a slow run says which stage to look at.
    struct StageTimes {
        var determinants = Duration.zero
        var programs = Duration.zero
        var rating = Duration.zero
        var stageWait = Duration.zero
        var storing = Duration.zero
        var posting = Duration.zero

        static func format(_ duration: Duration) -> String {
            let (seconds, attoseconds) = duration.components
            return String(format: "%.2f", Double(seconds) + Double(attoseconds) / 1e18)
        }
    }

    /// A batch through the programs stage, ready to rate: its determinants (totalized groups
    /// summed into their leads), each agreement's program effects, and the tariffs it rates on.
    struct ProgrammedBatch: Sendable {
        let pending: [Settle_Metering_V1_BillingDeterminants]
        let effects: [UInt64: ProgramEffects]
        let tariffs: [String: Result<[TariffTerms], RPCError>]
    }

    /// A bill the rate stage made, or why an agreement was skipped.
    enum Outcome {
        case bill(Settle_Rating_V1_Bill)
        case skip(String)
    }
}
