import NIOCore
import NIOTestUtils
import SettleWire
import XCTest

/// NIO's decoder checker: frames fed one byte at a time, several frames in one buffer, and
/// leftovers at EOF all decode to the same events.
final class FrameDecoderVerifierTests: XCTestCase {
    private func event(_ frame: Frame) -> WireEvent { .frame(frame) }

    func testFramesDecodeTheSameWhateverTheChunking() throws {
        let settings = Frames.settings()
        let headers = Frames.headers(1)
        let message = Frames.message(1, Array(repeating: 0xAB, count: 300))
        let ping = Frame(type: .ping, streamID: 0, payload: ByteBuffer(bytes: Array(0..<8)))
        let cancel = Frames.empty(.cancel, 1)
        let pairs: [(ByteBuffer, [WireEvent])] = [
            (ByteBuffer(bytes: Frames.bytes(settings)), [event(settings)]),
            (ByteBuffer(bytes: Frames.bytes(headers) + Frames.bytes(message)), [event(headers), event(message)]),
            (ByteBuffer(bytes: Frames.bytes(ping) + Frames.bytes(cancel)), [event(ping), event(cancel)]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            FrameDecoder(expectPreface: false, maxFrameBytes: 1 << 20)
        }
    }
}
