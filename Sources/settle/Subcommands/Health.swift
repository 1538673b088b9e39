import ArgumentParser

struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Whether the host is serving, and each module's state.")

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let health = try await connection.withClient { try await $0.host.health(options: connection.callOptions) }
        if connection.json {
            return Output.json([
                "status": health.status, "uptime_seconds": health.uptimeSeconds,
                "modules": health.modules.map { ["name": $0.name, "status": $0.status, "detail": $0.detail] },
            ] as [String: Any])
        }
        print("host: \(health.status) (up \(health.uptimeSeconds) s)")
        if !health.modules.isEmpty {
            Output.table(["MODULE", "STATUS", "DETAIL"], health.modules.map { [$0.name, $0.status, $0.detail] })
        }
        if health.status != "SERVING" { throw ExitCode(14) }
    }
}
