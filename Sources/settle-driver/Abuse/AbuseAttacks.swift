import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The hostile-client attacks of `settle-driver abuse`, each against a live host at `path`.
/// Every loop is bounded by count and by time.
enum AbuseAttacks {
    /// What one attack did.
    struct Outcome: Sendable {
        var framesSent = 0
        var count = 0
        var ok = true
        var note = ""
    }

    /// Pipelines 256 KiB Echo calls on one connection for `duration` and never reads a reply.
    static func neverReadingClient(_ path: String, duration: Double) async throws -> Outcome {
        try await onThread {
            let socket = try AbuseSocket(path: path)
            try socket.send(RawWire.preface + RawWire.settings())
            var outcome = Outcome()
            var stream: UInt32 = 1
            let end = Date().addingTimeInterval(duration)
            var pending = RawWire.echoCall(stream, count: 256 << 10)[...]
            while Date() < end {
                let taken = socket.sendNow(pending)
                if taken == 0 {
                    usleep(2_000)
                    continue
                }
                pending = pending.dropFirst(taken)
                if pending.isEmpty {
                    outcome.framesSent += 2
                    outcome.count += 1
                    stream += 2
                    pending = RawWire.echoCall(stream, count: 256 << 10)[...]
                }
            }
            outcome.note = "\(outcome.count) calls of 256 KiB taken by the host, no reply read"
            return outcome
        }
    }

    /// Connect, Health, close, as fast as one client can, up to `maxCycles` or `duration`.
    static func connectionChurn(_ path: String, duration: Double, maxCycles: Int) async throws -> Outcome {
        try await onThread {
            var outcome = Outcome()
            let end = Date().addingTimeInterval(duration)
            while outcome.count < maxCycles && Date() < end {
                let socket = try AbuseSocket(path: path)
                try socket.send(RawWire.preface + RawWire.settings() + RawWire.healthCall(1))
                outcome.framesSent += 3
                _ = try socket.read(exactly: 8)
                while true {
                    let frame = try socket.readFrame()
                    if frame.type == 0x04 {
                        if !frame.payload.isEmpty { outcome.ok = false }
                        break
                    }
                    if frame.type == 0x08 { throw DriverError("host refused a churn connection") }
                }
                outcome.count += 1
            }
            outcome.note = "\(outcome.count) connect/Health/close cycles"
            return outcome
        }
    }

    /// Opens connections as viewers (uids 60000…, 250 each, when running as root) that each
    /// hold a 60 s Sleep call, until the host refuses `refusalsWanted` of them or `maxConnections`
    /// were tried; then checks that an admin (this process's uid) still connects and is answered.
    static func viewerFlood(_ path: String, maxConnections: Int, duration: Double, admin: @escaping @Sendable () async -> Bool) async throws -> (Outcome, [AbuseSocket]) {
        let asRoot = getuid() == 0
        let flood = try await onThread { () -> (Outcome, [AbuseSocket]) in
            var outcome = Outcome()
            var held: [AbuseSocket] = []
            var refused = 0
            let end = Date().addingTimeInterval(duration)
            var index = 0
            while index < maxConnections && refused < 50 && Date() < end {
                let uid: UInt32? = asRoot ? UInt32(60000 + index / 250) : nil
                index += 1
                guard let socket = try? AbuseSocket(path: path, asUID: uid, receiveTimeout: 5) else { refused += 1; continue }
                // Sleep request: millis (field 1) = 60000.
                let sleep = RawWire.headers(1, "/settle.diag.v1.Diagnostics/Sleep")
                    + RawWire.frame(0x03, flags: 0x02, stream: 1, RawWire.field(1, value: 60_000))
                guard (try? socket.send(RawWire.preface + RawWire.settings() + sleep)) != nil else { refused += 1; continue }
                outcome.framesSent += 3
                guard (try? socket.read(exactly: 8)) != nil, let first = try? socket.readFrame() else { refused += 1; continue }
                if first.type == 0x01 { held.append(socket) } else { refused += 1 }
            }
            outcome.count = held.count
            outcome.note = "\(held.count) viewer connections held busy, \(refused) refused" + (asRoot ? "" : " (not root: flooded as this uid)")
            return (outcome, held)
        }
        var (outcome, held) = flood
        outcome.ok = await admin()
        return (outcome, held)
    }

    /// Small protocol abuses: a client advertising a 100-byte message limit asks for an 8 kB
    /// reply (must get RESOURCE_EXHAUSTED, not the reply); a bad preface; an unknown frame
    /// type; a 100 MiB frame header; a compressed MESSAGE that inflates to 32 MiB.
    static func protocolAbuse(_ path: String) async throws -> Outcome {
        try await onThread {
            var outcome = Outcome()
            var failures: [String] = []
            // 1. The peer's max_message_size obeyed.
            do {
                let socket = try AbuseSocket(path: path)
                try socket.send(RawWire.preface + RawWire.settings(maxMessage: 100) + RawWire.echoCall(1, count: 8000))
                outcome.framesSent += 3
                _ = try socket.read(exactly: 8)
                while true {
                    let frame = try socket.readFrame()
                    if frame.type == 0x03 { failures.append("an 8 kB reply was sent to a client that takes 100 bytes"); break }
                    if frame.type == 0x04 {
                        if frame.payload.prefix(2) != [0x08, 0x08] { failures.append("reply above the peer's limit did not fail with RESOURCE_EXHAUSTED") }
                        break
                    }
                }
            }
            // 2. Not a Settle client: closed without an answer.
            do {
                let socket = try AbuseSocket(path: path)
                try socket.send(Array("GET / HTTP/1.1\r\n\r\n".utf8))
                if (try? socket.read(exactly: 1)) != nil { failures.append("the host answered an HTTP request") }
            }
            // 3. Unknown frame type: GOAWAY 13, then close.
            do {
                let socket = try AbuseSocket(path: path)
                try socket.send(RawWire.preface + RawWire.settings() + RawWire.frame(0x0B))
                outcome.framesSent += 2
                _ = try socket.read(exactly: 8)
                var sawGoAway = false
                while let frame = try? socket.readFrame() {
                    if frame.type == 0x08 { sawGoAway = frame.payload.contains(13); break }
                }
                if !sawGoAway { failures.append("no GOAWAY after an unknown frame type") }
            }
            // 4. A 100 MiB frame header: GOAWAY 8 without the body being read.
            do {
                let socket = try AbuseSocket(path: path)
                let header: [UInt8] = [0x06, 0x40, 0x00, 0x00, 0x03, 0x00, 0, 0, 0, 1]
                try socket.send(RawWire.preface + RawWire.settings() + header)
                outcome.framesSent += 2
                _ = try socket.read(exactly: 8)
                var sawGoAway = false
                while let frame = try? socket.readFrame() {
                    if frame.type == 0x08 { sawGoAway = true; break }
                }
                if !sawGoAway { failures.append("no GOAWAY after a 100 MiB frame header") }
            }
            // 5. A zlib bomb: 32 MiB of zeros deflated to about 32 kB; refused at the message limit.
            do {
                let bomb = try ZlibBomb.make(inflatedBytes: 32 << 20)
                let socket = try AbuseSocket(path: path, receiveTimeout: 30)
                try socket.send(RawWire.preface + RawWire.settings() + RawWire.headers(1, "/settle.diag.v1.Diagnostics/Echo")
                                + RawWire.frame(0x03, flags: 0x03, stream: 1, bomb))
                outcome.framesSent += 3
                _ = try socket.read(exactly: 8)
                while true {
                    let frame = try socket.readFrame()
                    if frame.type == 0x04 {
                        if frame.payload.prefix(2) != [0x08, 0x08] { failures.append("a zlib bomb was not refused with RESOURCE_EXHAUSTED") }
                        break
                    }
                }
            }
            outcome.count = 5
            outcome.ok = failures.isEmpty
            outcome.note = failures.isEmpty ? "all refused correctly" : failures.joined(separator: "; ")
            return outcome
        }
    }
}
