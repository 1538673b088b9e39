import SettleDomain
import SettleRPC

/// The errors Rating answers with: each names what was wrong.
enum RatingError: ContractErrors {
    static func unknownTariff(_ code: String) -> RPCError {
        RPCError(.notFound, "no tariff with code '\(code)'")
    }
}
