import Foundation
import SettleModuleSDK

extension DataSafety {
    /// How often stores with a write fault are retried (each still waits for its own backoff).
    static let faultProbeInterval: Duration = .milliseconds(250)

    /// Runs until cancelled: retries faulted stores' writes when their backoff allows, so a
    /// module heals without waiting for a caller, and anchors every audit head that moved,
    /// every `audit.anchorIntervalSeconds`.
    func maintain() async {
        let clock = ContinuousClock()
        var lastAnchor = clock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.faultProbeInterval)
            if Task.isCancelled { break }
            for (_, store) in stores where store.writeFault != nil { await store.probeWrites() }
            if clock.now - lastAnchor >= settings.anchorInterval {
                await anchorHeads(why: "periodic")
                lastAnchor = clock.now
            }
        }
    }

    /// At start-up, before serving: finds stores that opened but cannot write (a read-only
    /// folder), records restores in the anchor file, and checks the stores across modules.
    func startUp() async {
        for (_, store) in stores { await store.probeWrites(force: true) }
        await recordRestores()
        await runStartupCheck()
    }
}
