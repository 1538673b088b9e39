import SettleContracts
import SettleRPC

// The closed vocabularies of Accounts' own fields; `Vocabulary`, `ServiceType` and `RateClass`
// are the contract's (Protocols/Swift/Vocabulary).

/// Where an account is in its life: serving, awaiting its final bill, or done.
enum AccountStatus: String, Vocabulary {
    case active
    /// No service left; the final bill and final balance are being settled.
    case final
    /// Settled; nothing more happens on it.
    case closed
}

/// Where an agreement is: in service, ended awaiting its final bill, or final billed.
enum AgreementStatus: String, Vocabulary {
    case active
    case pendingFinal = "pending_final"
    case final
}

/// Whether the customer is a person or an organisation (business, agency, church...).
enum CustomerKind: String, Vocabulary {
    case person
    case organisation

    /// Accepts the US spelling too, since both appear in the utility's paperwork.
    static func parseKind(_ text: String, field: String) throws(RPCError) -> CustomerKind {
        try parse(text == "organization" ? "organisation" : text, field: field)
    }
}

/// What stands at a premise; drives field work and sanity checks, not the tariff.
enum PremiseType: String, Vocabulary {
    case residential
    case multiFamily = "multi_family"
    case commercial
    case industrial
    case agricultural
    case lighting
    case municipal
}

/// Where a bankruptcy case stands; only an open case stays collections.
enum BankruptcyStatus: String, Vocabulary {
    case open
    case discharged
    case dismissed
    case closed
}

/// Whether a read a move asks Metering for is the first read of service or the last (not
/// the kind of a read itself, which is the metering contract's `ReadKind`).
enum MoveReadKind: String, Sendable {
    case start
    case final
}
