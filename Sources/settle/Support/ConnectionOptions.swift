import ArgumentParser
import SettleClient
import SettleRPC

/// Flags every subcommand that talks to the host shares.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "Host socket (default $SETTLE_SOCKET or ./data/settled.sock).")
    var socket: String?

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .long, help: "Seconds to wait for the host before giving up.")
    var timeout: Double = 30

    var callOptions: CallOptions { CallOptions(timeout: .milliseconds(Int64(timeout * 1000))) }

    /// Connects, runs `body`, closes; maps a failed call to its documented exit code.
    func withClient<T>(_ body: (SettleClient) async throws -> T) async throws -> T {
        do {
            let client = try await SettleClient.connect(socket: socket)
            defer { Task { await client.close() } }
            return try await body(client)
        } catch let error as RPCError {
            Output.error(error)
            throw ExitCode(error.code.rawValue)
        }
    }
}
