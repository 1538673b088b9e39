#if canImport(Glibc)
import Glibc
#endif
import SettleContracts
import SettleFuzzSupport
import SwiftProtobuf

/// Every request type of every contract, in a fixed order (`ContractCatalog`).
let requestTypes: [any SwiftProtobuf.Message.Type] = ContractCatalog.methods.keys.sorted().compactMap { ContractCatalog.methods[$0]?.input }

/// Fuzzes the protobuf decoding of every request a host accepts: the first byte picks the
/// method, the rest is its request message. Decoding fails cleanly or yields a message that
/// serializes and decodes back to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequests(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0, !requestTypes.isEmpty else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let type = requestTypes[Int(bytes[0]) % requestTypes.count]
    guard let message = try? type.init(serializedBytes: Array(bytes.dropFirst())) else { return 0 }
    guard let encoded: [UInt8] = try? message.serializedBytes(),
          let decoded = try? type.init(serializedBytes: encoded),
          decoded.isEqualTo(message: message)
    else {
        FuzzRunner.fail("\(type) decoded from fuzz input does not survive a round trip")
    }
    return 0
}

exit(FuzzRunner.main(fuzzRequests))
