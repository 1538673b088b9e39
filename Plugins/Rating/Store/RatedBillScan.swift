import Foundation
import SettleContracts
import SwiftProtobuf

/// Reads one message field of a stored bill out of its protobuf body, skipping the rest on the
/// wire instead of decoding it: the register needs the lines (`rated`) of every issued bill of
/// a cycle and nothing else, the anomaly scan the use (`input`) without lines or reads.
enum RatedBillScan {
    /// `Bill.rated` from a serialized `Bill`; nil when the body is malformed (then decode it whole).
    static func rated(_ body: Data) -> Settle_Rating_V1_RatedBill? {
        field(17, of: body)
    }

    /// `Bill.input` from a serialized `Bill`; nil when the body is malformed.
    static func input(_ body: Data) -> Settle_Rating_V1_RatingInput? {
        field(16, of: body)
    }

    /// The message field `number` of a serialized `Bill` (its default when absent).
    private static func field<M: SwiftProtobuf.Message>(_ number: UInt64, of body: Data) -> M? {
        body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> M? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            func varint() -> UInt64? { Varint.read(bytes, at: &index) }
            var found = M()
            while index < bytes.count {
                guard let key = varint() else { return nil }
                let field = key >> 3
                switch key & 7 {
                case 0: guard varint() != nil else { return nil }
                case 1: index += 8
                case 5: index += 4
                case 2:
                    guard let length = varint(), index + Int(length) <= bytes.count else { return nil }
                    if field == number {
                        // A repeated message field may come in several pieces; merge them as protobuf does.
                        guard (try? found.merge(serializedBytes: Data(bytes[index..<index + Int(length)]))) != nil else { return nil }
                    }
                    index += Int(length)
                default: return nil
                }
            }
            return index == bytes.count ? found : nil
        }
    }
}
