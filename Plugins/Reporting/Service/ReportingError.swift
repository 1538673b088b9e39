import SettleDomain

/// The errors Reporting answers with: each names the field that was wrong (periods are the
/// kit's `ContractErrors.period`, dates its `ContractErrors.date`).
enum ReportingError: ContractErrors {}
