import ArgumentParser
import SettleClient
import SettleContracts

struct Health: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Whether the host is serving, each module's state and whether it can write, and the start-up consistency check.",
        discussion: """
            A module whose store cannot write (full disk, read-only folder) shows writes NOT_SERVING \
            with the reason; it heals by itself once storage is writable. The start-up check is the \
            cross-module check the host ran when it started (after a restore, it says whether the \
            stores agree). Exit 14 when the host is not serving.
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let health = try await connection.withClient { try await $0.host.health(options: connection.callOptions) }
        let broken = health.startupCheck.references.filter { $0.missing > 0 || $0.differing > 0 }
        if connection.json {
            return Output.json([
                "status": health.status, "uptime_seconds": health.uptimeSeconds,
                "modules": health.modules.map { ["name": $0.name, "status": $0.status, "writes": $0.writes, "detail": $0.detail] },
                "startup_check": [
                    "ran": health.hasStartupCheck, "consistent": health.startupCheck.consistent,
                    "references": health.startupCheck.references.count,
                    "broken": broken.map { ["reference": $0.reference, "missing": $0.missing, "differing": $0.differing, "examples": $0.examples] },
                ] as [String: Any],
            ] as [String: Any])
        }
        print("host: \(health.status) (up \(health.uptimeSeconds) s)")
        if !health.modules.isEmpty {
            Output.table(["MODULE", "STATUS", "WRITES", "DETAIL"], health.modules.map { [$0.name, $0.status, $0.writes.isEmpty ? "SERVING" : $0.writes, $0.detail] })
        }
        if health.hasStartupCheck {
            if health.startupCheck.consistent {
                print("startup check: consistent (\(health.startupCheck.references.count) references)")
            } else {
                print("startup check: NOT consistent — run `settle admin check` for every broken reference")
                for reference in broken {
                    print("  \(reference.reference): \(reference.missing) missing, \(reference.differing) differing \(reference.examples.prefix(3).joined(separator: ", "))")
                }
            }
        }
        if health.status != "SERVING" { throw ExitCode(14) }
    }
}
