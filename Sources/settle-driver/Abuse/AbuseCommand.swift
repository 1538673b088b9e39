import ArgumentParser
import Foundation
import SettleClient
import SettleContracts
import SettleRPC
import Synchronization

/// `settle-driver abuse`: the hostile and careless clients of issue 17 against a live host —
/// a client that never reads, connection churn, a viewer flood, protocol abuse — while a
/// well-behaved client keeps calling Health; prints what was tried and what the host did.
struct Abuse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abuse",
        abstract: "Attack a host as hostile clients would; report memory, Health latency and whether an admin still connects."
    )

    @Option(name: .long, help: "Socket of a running host (default: start one in a temp folder).")
    var socket: String?

    @Option(name: .long, help: "Seconds the whole run may take (split between the attacks).")
    var seconds: Double = 30

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard seconds >= 5 else { throw ValidationError("--seconds must be at least 5, not \(seconds)") }
    }

    func run() async throws {
        let host = try await HostUnderTest.start(socket: socket)
        defer { host.stop() }
        let path = host.socketPath
        guard let pid = try await onThread({ try AbuseSocket(path: path).peerPID }), pid > 0 else {
            throw DriverError("cannot read the host's pid from its socket (SO_PEERCRED)")
        }
        let memory = MemorySampler(pid: pid)
        let health = try await HealthProbe.start(socket: path)
        try await Task.sleep(for: .milliseconds(500))
        let rssBefore = memory.sample()

        var attacks: [(String, AbuseAttacks.Outcome)] = []
        memory.resetPeak()
        let neverReading = try await AbuseAttacks.neverReadingClient(path, duration: seconds * 0.35)
        let neverReadingPeak = memory.peak
        attacks.append(("never_reading_client", neverReading))
        try await Task.sleep(for: .milliseconds(1500))

        let churnBefore = memory.sample()
        let churn = try await AbuseAttacks.connectionChurn(path, duration: seconds * 0.3, maxCycles: 10_000)
        try await Task.sleep(for: .milliseconds(2500))
        let churnAfter = memory.sample()
        attacks.append(("connection_churn", churn))

        let (flood, held) = try await AbuseAttacks.viewerFlood(path, maxConnections: 1300, duration: seconds * 0.2) {
            do {
                let admin = try await SettleClient.connect(to: path, agent: "settle-driver-admin")
                let answer = try await HostV1.Client(transport: admin).health(options: CallOptions(timeout: .seconds(5)))
                await admin.close()
                return !answer.status.isEmpty
            } catch {
                return false
            }
        }
        attacks.append(("viewer_flood", flood))
        withExtendedLifetime(held) {}
        _ = consume held

        attacks.append(("protocol_abuse", try await AbuseAttacks.protocolAbuse(path)))
        try await Task.sleep(for: .milliseconds(2500))
        let rssAfter = memory.sample()
        let healthResult = await health.stop()
        memory.stop()

        let perTenThousand = churn.count > 0 ? max(0, churnAfter - churnBefore) * 10_000 / Double(churn.count) : 0
        let figures: [(String, Any)] = [
            ("attacks_tried", attacks.count + 4),
            ("frames_sent", attacks.reduce(0) { $0 + $1.1.framesSent }),
            ("rss_mb_before", rounded(rssBefore)),
            ("rss_mb_peak", rounded(memory.peak)),
            ("rss_mb_after", rounded(rssAfter)),
            ("rss_growth_mb_never_reading_client", rounded(max(0, neverReadingPeak - rssBefore))),
            ("never_reading_calls_taken", neverReading.count),
            ("connection_cycles", churn.count),
            ("rss_growth_mb_per_10k_connections", rounded(perTenThousand)),
            ("viewer_connections_held", flood.count),
            ("admin_connect_ok_under_flood", flood.ok),
            ("protocol_abuse_refused_correctly", attacks.last?.1.ok ?? false),
            ("health_calls", healthResult.calls),
            ("health_failures", healthResult.failures),
            ("health_kept_answering", healthResult.failures == 0 && healthResult.calls > 0),
            ("health_p99_ms_under_attack", rounded(healthResult.p99Milliseconds)),
        ]
        if json {
            var object: [String: Any] = [:]
            for (key, value) in figures { object[key] = value }
            object["attacks"] = Dictionary(uniqueKeysWithValues: attacks.map { ($0.0, $0.1.note) })
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("settle-driver abuse — host pid \(pid), \(seconds) s")
            for (name, outcome) in attacks { print("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(outcome.note)") }
            for (key, value) in figures { print(key.padding(toLength: 38, withPad: " ", startingAt: 0), value) }
        }
    }

    private func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// Samples a process's resident memory every 50 ms, keeping the peak.
final class MemorySampler: Sendable {
    private let pid: Int32
    private let state = Mutex((peak: 0.0, running: true))

    init(pid: Int32) {
        self.pid = pid
        Thread { [self] in
            while self.state.withLock({ $0.running }) {
                _ = self.sample()
                usleep(50_000)
            }
        }.start()
    }

    @discardableResult
    func sample() -> Double {
        let now = ProcessMemory.residentMiB(of: pid) ?? 0
        state.withLock { $0.peak = max($0.peak, now) }
        return now
    }

    var peak: Double { state.withLock { $0.peak } }
    func resetPeak() { state.withLock { $0.peak = 0 } }
    func stop() { state.withLock { $0.running = false } }
}

/// A well-behaved client calling Health every 10 ms on its own connection throughout.
final class HealthProbe: Sendable {
    struct Result: Sendable {
        var calls = 0
        var failures = 0
        var p99Milliseconds = 0.0
    }

    /// Whether the probe keeps calling; shared with its task.
    private final class Running: Sendable {
        let value = Mutex(true)
    }

    private let task: Task<Result, Never>
    private let running = Running()

    private init(connection: SettleClient) {
        let running = self.running
        task = Task {
            var result = Result()
            var latencies: [Double] = []
            let client = HostV1.Client(transport: connection)
            while running.value.withLock({ $0 }) {
                let start = ContinuousClock.now
                do {
                    _ = try await client.health(options: CallOptions(timeout: .seconds(5)))
                    latencies.append((ContinuousClock.now - start).seconds * 1000)
                    result.calls += 1
                } catch {
                    result.failures += 1
                }
                try? await Task.sleep(for: .milliseconds(10))
            }
            await connection.close()
            latencies.sort()
            if !latencies.isEmpty { result.p99Milliseconds = latencies[min(latencies.count - 1, latencies.count * 99 / 100)] }
            return result
        }
    }

    static func start(socket: String) async throws -> HealthProbe {
        HealthProbe(connection: try await SettleClient.connect(to: socket, agent: "settle-driver-health"))
    }

    func stop() async -> Result {
        running.value.withLock { $0 = false }
        return await task.value
    }
}
