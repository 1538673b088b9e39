import SettleContracts

/// Everything an account's research summary reads, each from the module that owns it.
struct ResearchSources: Sendable {
    var summary: Settle_Accounts_V1_GetAccountSummaryResponse
    var bills: [Settle_Rating_V1_Bill]
    var reads: [Settle_Metering_V1_RegisterRead]
    var ledger: Settle_Collections_V1_GetAccountLedgerResponse
    var cases: Settle_Collections_V1_GetAccountCasesResponse
    var enrolments: [Settle_Programs_V1_Enrolment]
}
