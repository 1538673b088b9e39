public import SettleRPC

/// Reading an id field of a request, refused the same way in every module.
extension RecordID {
    /// The row an id field names, or INVALID_ARGUMENT naming the field, the id and its form:
    /// `refund_id: 'R12x' is not a refund id (R000001)`.
    public func row(_ text: String, field: String) throws(RPCError) -> Int64 {
        guard let row = row(text) else {
            let form = "\(name) (\(self.text(1)))"
            throw RPCError(.invalidArgument, "\(field): " + (text.isEmpty ? "\(form) is required" : "'\(text)' is not \(form)"))
        }
        return row
    }
}
