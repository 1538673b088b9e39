#if canImport(Glibc)
import Glibc
import SwiftProtobuf
#endif
import NIOCore
import SettleFuzzSupport
import SettleWire

/// Fuzzes what a server parses before a call can start: the client preface, the first frame,
/// and the SETTINGS payload as `PeerSettings` reads it. Whatever is accepted must respect
/// the protocol's minimum frame size.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHandshake(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var buffer = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    var decoder = FrameDecoder(expectPreface: true, maxFrameBytes: WireLimits.defaults.maxFrameBytes)
    guard case .preface? = try? decoder.next(from: &buffer),
          case .frame(let frame)? = try? decoder.next(from: &buffer),
          frame.type == .settings,
          let settings = try? Settle_Wire_V1_Settings(serializedBytes: Array(frame.payload.readableBytesView)),
          let peer = try? PeerSettings(settings)
    else { return 0 }
    guard peer.maxFrameBytes >= WireLimits.minimumFrameBytes, peer.maxMessageBytes > 0, peer.maxConcurrentStreams > 0 else {
        FuzzRunner.fail("accepted SETTINGS with limits out of range: \(peer)")
    }
    if let threshold = peer.compressionThreshold, threshold <= 0 {
        FuzzRunner.fail("accepted a compression threshold of \(threshold)")
    }
    return 0
}

exit(FuzzRunner.main(fuzzHandshake))
