/// Hand-written beside the generated code (`generate.sh` replaces only `Generated/` and
/// `Services/`): names the contract's values in the words bills, reports and the CLI print.
extension Settle_Metering_V1_ReadKind {
    /// "actual", "estimated", …, as bills and listings show a read's kind (the case's name,
    /// without the reflection `String(describing:)` would cost per read).
    public var name: String {
        switch self {
        case .unspecified: "unspecified"
        case .actual: "actual"
        case .estimated: "estimated"
        case .customer: "customer"
        case .final: "final"
        case .install: "install"
        case .removal: "removal"
        case .edited: "edited"
        case .UNRECOGNIZED(let value): "UNRECOGNIZED(\(value))"
        }
    }
}
