import NIOCore
import PropertyBased
import SettleRPC
import SettleWire
import SwiftProtobuf
import Testing
@testable import SettleTransport

/// Properties of the wire code over generated inputs (swift-property-based): what libFuzzer
/// checks at length in `Fuzz/`, checked briefly on every test run.
@Suite struct WirePropertyTests {
    /// Frames of random types (known ones), stream ids and payloads.
    static let frames = zip(
        Gen.uint8(in: 0x01...0x09), Gen.uint32(in: 1...1000), Gen.uint8().array(of: 0...600), Gen.uint8()
    ).map { (generated: (UInt8, UInt32, [UInt8], UInt8)) -> Frame in
        let (raw, stream, payload, flags) = generated
        var type = FrameType(rawValue: raw)
        if type == .ping || type == .pong || type == .cancel || type == .halfClose { type = .message }
        let id: UInt32 = type.isConnectionLevel ? 0 : stream
        return Frame(type: type, flags: FrameFlags(rawValue: flags), streamID: id, payload: ByteBuffer(bytes: payload))
    }

    @Test func framesSurviveAnyChunking() async {
        await propertyCheck(count: 200, input: Self.frames.array(of: 1...12), Gen.int(in: 1...97)) { frames, chunk in
            let bytes = frames.flatMap { Frames.bytes($0) }
            var decoder = FrameDecoder(expectPreface: false, maxFrameBytes: 4096)
            var buffer = ByteBuffer()
            var decoded: [Frame] = []
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + chunk)
                buffer.writeBytes(bytes[offset..<end])
                offset = end
                while let event = try decoder.next(from: &buffer) {
                    if case .frame(let frame) = event { decoded.append(frame) }
                }
            }
            #expect(decoded == frames)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test func anyBytesDecodeOrFailWithoutOversizedFrames() async {
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...300)) { bytes in
            var decoder = FrameDecoder(expectPreface: false, maxFrameBytes: 64)
            var buffer = ByteBuffer(bytes: bytes)
            do {
                while let event = try decoder.next(from: &buffer) {
                    if case .frame(let frame) = event { #expect(frame.payload.readableBytes <= 64) }
                }
            } catch {
                #expect(!"\(error)".isEmpty)
            }
        }
    }

    @Test func statusFramesAlwaysFitThePeersFrameSize() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...50_000), Gen.int(in: WireLimits.minimumFrameBytes...20_000), Gen.int(in: 0...3000)) { length, frameLimit, details in
            let error = RPCError(.invalidArgument, String(repeating: "é", count: length), details: Array(repeating: 1, count: details), metadata: ["row": String(repeating: "r", count: length / 2)])
            let bytes = ControlMessages.status(error, fitting: frameLimit)
            #expect(bytes.count <= frameLimit)
            let status = try Settle_Wire_V1_CallStatus(serializedBytes: bytes)
            #expect(status.code == 3)
            #expect(status.message.utf8.count <= ControlMessages.maxStatusMessageBytes)
        }
    }

    @Test func backPressureNeverPausesAtOrBelowTheBound() async {
        await propertyCheck(count: 200, input: Gen.int(in: -5000...5000).array(of: 1...60)) { steps in
            var gate = ReadBackPressure(bound: 10_000)
            for step in steps {
                _ = step >= 0 ? gate.queued(step) : gate.written(-step)
                if gate.total > 10_000 { #expect(gate.paused) }
                if gate.total <= 5_000 { #expect(!gate.paused) }
            }
        }
    }
}
