/// The billing run's part in closing accounts: final bills it issues are completed (Accounts
/// told, charge posted marked final) once its batches are stored.
extension BillingRunner {
    var finalBills: FinalBillRunner {
        FinalBillRunner(self)
    }
}
