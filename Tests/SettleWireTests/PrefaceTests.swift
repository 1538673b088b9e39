import NIOCore
import SettleWire
import XCTest

/// The 8-byte connection preface (WIRE.md §4).
final class PrefaceTests: XCTestCase {
    func testPrefaceBytes() {
        XCTAssertEqual(Preface.size, 8)
        XCTAssertEqual(Preface.currentVersion, 1)
        XCTAssertEqual(Preface.magic, Array("SETTLE".utf8))
        XCTAssertEqual(Preface.bytes(), hex("53 45 54 54 4C 45 01 00"))
        XCTAssertEqual(Preface.bytes(version: 2), hex("53 45 54 54 4C 45 02 00"))
        var buffer = ByteBuffer()
        Preface.write(into: &buffer)
        XCTAssertEqual(Array(buffer.readableBytesView), prefaceV1)
    }

    func testValidPrefaceIsDecodedAndConsumed() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: prefaceV1)
        XCTAssertEqual(try decoder.next(from: &buffer), .preface(version: 1))
        XCTAssertEqual(buffer.readerIndex, 8)
        XCTAssertNil(try decoder.next(from: &buffer))
    }

    /// The reserved byte is the sender's to zero and the receiver's to ignore.
    func testReservedByteIsIgnored() throws {
        for reserved: UInt8 in [0x01, 0x7F, 0xFF] {
            XCTAssertEqual(try decodeAll(Preface.magic + [1, reserved]), Decoded(events: [.preface(version: 1)], leftoverBytes: 0))
        }
    }

    /// Every proper prefix of a valid preface waits without consuming anything.
    func testPartialPrefaceWaits() throws {
        for length in 0..<Preface.size {
            var decoder = FrameDecoder()
            var buffer = ByteBuffer(bytes: prefaceV1.prefix(length))
            XCTAssertNil(try decoder.next(from: &buffer), "\(length) bytes")
            XCTAssertEqual(buffer.readerIndex, 0)
            XCTAssertEqual(buffer.readableBytes, length)
        }
    }

    func testUnsupportedVersionIsRefused() {
        XCTAssertEqual(decodingError(Preface.bytes(version: 2)), .unsupportedVersion(received: 2, supported: 1))
        XCTAssertEqual(decodingError(Preface.magic + [2, 0] + frameBytes(.settings, stream: 0)),
                       .unsupportedVersion(received: 2, supported: 1))
        XCTAssertEqual(decodingError(Preface.bytes(version: 0)), .unsupportedVersion(received: 0, supported: 1))
        XCTAssertEqual(decodingError(Preface.bytes(version: 255)), .unsupportedVersion(received: 255, supported: 1))
    }

    /// The version is only known with the 7th byte: a valid magic with a wrong version waits
    /// until the whole preface is there.
    func testVersionIsCheckedOnceThePrefaceIsWhole() throws {
        var decoder = FrameDecoder()
        var buffer = ByteBuffer(bytes: Preface.magic + [2])
        XCTAssertNil(try decoder.next(from: &buffer))
        buffer.writeInteger(UInt8(0))
        XCTAssertThrowsError(try decoder.next(from: &buffer)) { error in
            XCTAssertEqual(error as? WireError, .unsupportedVersion(received: 2, supported: 1))
        }
    }

    func testUnsupportedVersionDescription() {
        XCTAssertEqual(WireError.unsupportedVersion(received: 2, supported: 1).description,
                       "unsupported protocol version 2; this server speaks 1")
    }

    func testHTTPRequestIsABadPreface() {
        let http = Array("HTTP/1.1 200 OK\r\n\r\n".utf8)
        XCTAssertEqual(decodingError(http), .badPreface(received: Array("HTTP/1.1".utf8)))
        XCTAssertEqual(decodingError(Array("GET / HTTP/1.1\r\n".utf8)), .badPreface(received: Array("GET / HT".utf8)))
    }

    /// A wrong byte is refused as soon as it arrives, long before 8 bytes are there.
    func testWrongMagicIsRefusedAsSoonAsItsBytesShowIt() {
        XCTAssertEqual(decodingError([0x00]), .badPreface(received: [0x00]))
        XCTAssertEqual(decodingError(Array("H".utf8)), .badPreface(received: Array("H".utf8)))
        XCTAssertEqual(decodingError(Array("s".utf8)), .badPreface(received: Array("s".utf8)), "the magic is case-sensitive")
        XCTAssertEqual(decodingError(Array("SETX".utf8)), .badPreface(received: Array("SETX".utf8)))
        XCTAssertEqual(decodingError(Array("SETTLX".utf8)), .badPreface(received: Array("SETTLX".utf8)))
        XCTAssertEqual(decodingError(Array("SETTLX".utf8) + [1, 0]), .badPreface(received: Array("SETTLX".utf8) + [1, 0]))
    }

    /// Byte by byte: every byte of the right magic waits; the first wrong one throws.
    func testWrongMagicByteByByte() {
        let input = Array("SETTiE\u{1}\0".utf8)
        var decoder = FrameDecoder()
        var buffer = ByteBuffer()
        for (index, byte) in input.enumerated() {
            buffer.writeInteger(byte)
            if index < 4 {
                XCTAssertNil(try decoder.next(from: &buffer), "byte \(index)")
                XCTAssertEqual(buffer.readerIndex, 0)
            } else {
                XCTAssertThrowsError(try decoder.next(from: &buffer)) { error in
                    XCTAssertEqual(error as? WireError, .badPreface(received: Array("SETTi".utf8)))
                }
                break
            }
        }
    }

    func testBadPrefaceDescriptionListsTheBytes() {
        let description = WireError.badPreface(received: Array("HTTP".utf8) + [0x0A]).description
        XCTAssertEqual(description, "connection preface is not \"SETTLE\": received bytes 48 54 54 50 0a")
    }
}
