import Foundation

/// An idempotency key no other call has used, so a test never replays another's answer.
public func freshKey(_ label: String = "k") -> String { "\(label)-\(UUID().uuidString)" }
