import GRDB
import SettleContracts
import SettleDomain
import SettleRPC

/// When service may start on a premise: never while another agreement for the same premise
/// and service type is still in service that day or later.
///
/// The partial unique index in the schema enforces "one active agreement per premise ×
/// service type" as a last line; this check comes first so the caller learns which
/// agreement is in the way and until when.
enum AgreementRules {
    /// Throws FAILED_PRECONDITION naming the conflicting agreement when `service` cannot
    /// start at `premise` on `start`.
    static func checkCanStart(premise: String, service: ServiceType, on start: LocalDate, in db: Database) throws {
        guard let existing = try AgreementRecords.conflicting(premise: premise, service: service, from: start, in: db) else { return }
        if existing.status == AgreementStatus.active.rawValue {
            throw AccountsError.failedPrecondition(
                "premise \(premise) already has an active \(service.rawValue) agreement (\(existing.id), account \(existing.accountNumber), since \(existing.startDate)); move it out first")
        }
        throw AccountsError.failedPrecondition(
            "premise \(premise) \(service.rawValue) is served by agreement \(existing.id) (account \(existing.accountNumber)) from \(existing.startDate) through \(existing.endDate); service can start on \(existing.endDate) at the earliest")
    }

    /// Throws INVALID_ARGUMENT unless service starts on or after the account was opened.
    static func checkStart(_ start: LocalDate, account: AccountMessage, field: String) throws {
        if start.description < account.openedDate {
            throw AccountsError.before(field, start, "account \(account.number) was opened (\(account.openedDate))")
        }
    }

    /// Throws FAILED_PRECONDITION unless the account can take new service.
    static func checkAccountActive(_ account: AccountMessage) throws {
        guard account.status == AccountStatus.active.rawValue else {
            throw AccountsError.failedPrecondition("account \(account.number) is \(account.status); new service needs an active account (move-in without an account number opens one)")
        }
    }
}
