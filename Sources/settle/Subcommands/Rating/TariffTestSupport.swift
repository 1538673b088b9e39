import ArgumentParser
import SettleClient
import SettleContracts

/// `settle tariff validate|activate|retire CODE@VERSION`: one command per step.
enum VersionStep: String {
    case validate, activate, retire

    func run(_ reference: VersionReference, mutation: MutationOptions, connection: ConnectionOptions) async throws {
        var request = Settle_Rating_V1_ChangeVersionStatusRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.code = reference.code
        request.version = reference.version
        let options = mutation.callOptions(connection)
        let version = try await connection.withClient { client in
            let rating = client.client(RatingV1.Client.self)
            switch self {
            case .validate: return try await rating.validateTariffVersion(request, options: options)
            case .activate: return try await rating.activateTariffVersion(request, options: options)
            case .retire: return try await rating.retireTariffVersion(request, options: options)
            }
        }
        if connection.json { return try Output.message(version) }
        print("\(version.code)@\(version.version) is \(version.status)")
    }
}
