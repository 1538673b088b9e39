import Configuration
import Foundation

/// Where audit-chain anchors go and how backups hold writes; `audit.*` and `backup.*` keys.
///
/// | key | default |
/// |---|---|
/// | `audit.anchorPath` | `<dataDirectory>/audit-anchors.log` (better: a folder the stores are not in) |
/// | `audit.anchorKeyFile` | none (anchors unkeyed); a file of at least 16 bytes, outside the data folder |
/// | `audit.anchorIntervalSeconds` | 60 |
/// | `backup.drainTimeoutMs` | 5000 |
public struct DataSafetySettings: Sendable {
    /// The append-only file of audit-chain heads; nil for `<dataDirectory>/audit-anchors.log`.
    /// A host with in-memory stores keeps no anchors.
    public var anchorPath: String?
    /// The operator's HMAC key for anchors.
    public var anchorKeyFile: String?
    /// How often each module's chain head is anchored when it moved (besides every backup and stop).
    public var anchorInterval: Duration
    /// How long a backup waits for writes in flight to finish before giving up.
    public var backupDrainTimeout: Duration

    public init(anchorPath: String? = nil, anchorKeyFile: String? = nil, anchorInterval: Duration = .seconds(60), backupDrainTimeout: Duration = .seconds(5)) {
        self.anchorPath = anchorPath
        self.anchorKeyFile = anchorKeyFile
        self.anchorInterval = anchorInterval
        self.backupDrainTimeout = backupDrainTimeout
    }

    /// The anchor file for a host whose stores are in `dataDirectory`.
    public func effectiveAnchorPath(dataDirectory: String) -> String {
        anchorPath ?? (dataDirectory as NSString).appendingPathComponent("audit-anchors.log")
    }

    init(reader config: ConfigReader, dataDirectory: String) throws {
        self.init(
            anchorPath: config.string(forKey: "audit.anchorPath"),
            anchorKeyFile: config.string(forKey: "audit.anchorKeyFile")
        )
        let interval = config.int(forKey: "audit.anchorIntervalSeconds", default: 60)
        guard interval > 0 else { throw ConfigurationError(description: "audit.anchorIntervalSeconds must be a positive number, not \(interval)") }
        anchorInterval = .seconds(interval)
        let drain = config.int(forKey: "backup.drainTimeoutMs", default: 5_000)
        guard drain > 0 else { throw ConfigurationError(description: "backup.drainTimeoutMs must be a positive number, not \(drain)") }
        backupDrainTimeout = .milliseconds(drain)
    }
}
