import ArgumentParser
import SettleClient
import SettleContracts

struct WhoAmI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Who the host sees you as: uid, gid, pid and role.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let response = try await connection.withClient { try await $0.host.whoAmI(options: connection.callOptions) }
        if connection.json {
            return Output.json(["uid": response.uid, "gid": response.gid, "pid": response.pid, "role": response.role] as [String: Any])
        }
        print("uid \(response.uid)  gid \(response.gid)  pid \(response.pid)  role \(response.role)")
    }
}
