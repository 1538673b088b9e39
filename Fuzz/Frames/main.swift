#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import SettleFuzzSupport
import SettleWire

/// Fuzzes `FrameDecoder`: any bytes, whole or one at a time, decode to the same events or the
/// same error, and no frame longer than the limit is ever produced.
///
/// The first input byte chooses whether a preface is expected; the rest is the stream.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrames(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let expectPreface = bytes[0] & 1 == 1
    let stream = Array(bytes.dropFirst())
    let limit = 4096
    let whole = decode(stream, expectPreface: expectPreface, limit: limit, step: stream.count)
    let trickled = decode(stream, expectPreface: expectPreface, limit: limit, step: 1)
    // A wrong magic is reported with the bytes seen so far, which depends on how they arrived.
    func kind(_ error: WireError?) -> String? {
        if case .badPreface? = error { return "badPreface" }
        return error?.description
    }
    guard whole.events == trickled.events, kind(whole.error) == kind(trickled.error) else {
        FuzzRunner.fail("decoding in one piece and byte by byte disagree: \(whole) vs \(trickled)")
    }
    for case .frame(let frame) in whole.events where frame.payload.readableBytes > limit {
        FuzzRunner.fail("decoded a \(frame.payload.readableBytes)-byte payload above the \(limit)-byte limit")
    }
    return 0
}

private func decode(_ stream: [UInt8], expectPreface: Bool, limit: Int, step: Int) -> (events: [WireEvent], error: WireError?) {
    var decoder = FrameDecoder(expectPreface: expectPreface, maxFrameBytes: limit)
    var buffer = ByteBuffer()
    var events: [WireEvent] = []
    var offset = 0
    repeat {
        let end = min(stream.count, offset + max(step, 1))
        buffer.writeBytes(stream[offset..<end])
        offset = end
        do {
            while let event = try decoder.next(from: &buffer) { events.append(event) }
        } catch {
            return (events, error)
        }
    } while offset < stream.count
    return (events, nil)
}

exit(FuzzRunner.main(fuzzFrames))
