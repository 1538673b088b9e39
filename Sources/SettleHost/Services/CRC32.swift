import CZlib
import Foundation

/// CRC-32 (IEEE) from the system zlib, so an upload's integrity can be checked end to end.
struct CRC32 {
    private var crc: UInt = 0

    mutating func update(_ data: Data) {
        data.withUnsafeBytes { bytes in
            guard let base = bytes.bindMemory(to: UInt8.self).baseAddress else { return }
            crc = CZlib.crc32(crc, base, UInt32(bytes.count))
        }
    }

    var value: UInt32 { UInt32(truncatingIfNeeded: crc) }
}
