import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleDomain
import SettleRPC

/// `settle vee exceptions --cycle N [--csv|--json]`.
struct VeeExceptions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exceptions", abstract: "A cycle's open VEE exceptions (or every one with --all), as a table, CSV or JSON.")

    @Option(name: .long, help: "Bill cycle, 1–20.") var cycle: UInt32
    @Option(name: .long, help: "Only this period, YYYY-MM.") var period: String?
    @Flag(name: .long, help: "Include resolved exceptions.") var all = false
    @Flag(name: .long, help: "Print CSV.") var csv = false
    @OptionGroup var connection: ConnectionOptions

    static let columns = ["ID", "PERIOD", "ACCOUNT", "PREMISE", "METER", "TYPE", "BLOCKING", "STATUS", "MEASURED", "COMPARED WITH", "ROOT CAUSE", "ACTION"]

    func run() async throws {
        var request = Settle_Metering_V1_ListVeeExceptionsRequest()
        request.cycle = cycle
        request.period = period ?? ""
        request.includeResolved = all
        let exceptions = try await connection.withClient { client in
            try await client.client(MeteringV1.Client.self).listVeeExceptions(request, options: connection.callOptions).collect().flatMap(\.exceptions)
        }
        if connection.json {
            var batch = Settle_Metering_V1_VeeExceptionBatch()
            batch.exceptions = exceptions
            return try Output.message(batch)
        }
        let rows = exceptions.map { [
            $0.id, $0.period, $0.accountNumber, $0.premiseID, $0.meterSerial, $0.type, $0.blocking ? "yes" : "no", $0.status,
            $0.measured, $0.comparedWith, $0.rootCause, $0.action,
        ] }
        if csv {
            print(Self.columns.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }.joined(separator: ","))
            for row in rows { print(CSVText.line(row)) }
            return
        }
        if rows.isEmpty { return print("no \(all ? "" : "open ")exceptions for cycle \(cycle)") }
        Output.table(Array(Self.columns.prefix(9)), rows.map { Array($0.prefix(9)) })
    }
}
