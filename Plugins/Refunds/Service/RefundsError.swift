import SettleDomain

/// The errors Refunds answers with: each names the field or record that was wrong. Refunds
/// needs no shape of its own beyond those every module shares (`ContractErrors`).
enum RefundsError: ContractErrors {}
