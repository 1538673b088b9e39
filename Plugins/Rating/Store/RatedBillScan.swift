import Foundation
import SettleContracts

/// Reads only a stored bill's `rated` field (17) out of its protobuf body, skipping input and
/// reads on the wire instead of decoding them: the register needs the lines of every issued
/// bill of a cycle and nothing else of the body.
enum RatedBillScan {
    /// `Bill.rated` from a serialized `Bill`; nil when the body is malformed (then decode it whole).
    static func rated(_ body: Data) -> Settle_Rating_V1_RatedBill? {
        body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Settle_Rating_V1_RatedBill? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            func varint() -> UInt64? {
                var value: UInt64 = 0, shift: UInt64 = 0
                while index < bytes.count, shift < 64 {
                    let byte = bytes[index]
                    index += 1
                    value |= UInt64(byte & 0x7F) << shift
                    if byte & 0x80 == 0 { return value }
                    shift += 7
                }
                return nil
            }
            var found = Settle_Rating_V1_RatedBill()
            while index < bytes.count {
                guard let key = varint() else { return nil }
                let field = key >> 3
                switch key & 7 {
                case 0: guard varint() != nil else { return nil }
                case 1: index += 8
                case 5: index += 4
                case 2:
                    guard let length = varint(), index + Int(length) <= bytes.count else { return nil }
                    if field == 17 {
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
