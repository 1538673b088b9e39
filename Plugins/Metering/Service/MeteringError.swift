import SettleContracts
import SettleDomain
import SettleRPC

/// The errors Metering answers with: each names what was wrong and, where it helps, what to do.
enum MeteringError: ContractErrors {
    static func meterNotFound(_ serial: String) -> RPCError {
        RPCError(.notFound, "no meter with serial '\(serial)'")
    }

    static func serviceType(_ text: String, field: String = "service_type") throws -> ServiceType {
        guard let type = ServiceType(rawValue: text) else {
            throw invalid(field, "'\(text)' is not one of \(ServiceType.spelled)")
        }
        return type
    }

    static func cycle(_ value: UInt32) throws -> Int {
        guard (1...20).contains(value) else { throw invalid("cycle", "\(value) is not a bill cycle 1–20") }
        return Int(value)
    }
}
