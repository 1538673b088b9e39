#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import SettleFuzzSupport
import SettleWire

/// Fuzzes `MessageDecompressor`: any payload either fails cleanly or inflates to at most the
/// limit; what it inflates, deflated again, inflates back to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInflate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let limit = 64 << 10
    let allocator = ByteBufferAllocator()
    var input = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    guard let decompressor = try? MessageDecompressor(maxMessageBytes: limit) else { return 0 }
    guard let inflated = try? decompressor.decompress(&input, allocator: allocator) else { return 0 }
    guard inflated.readableBytes <= limit else {
        FuzzRunner.fail("inflated \(inflated.readableBytes) bytes, above the \(limit)-byte limit")
    }
    var copy = inflated
    guard let compressor = try? MessageCompressor(), var deflated = try? compressor.compress(&copy, allocator: allocator) else { return 0 }
    guard let again = try? decompressor.decompress(&deflated, allocator: allocator), again == inflated else {
        FuzzRunner.fail("a message deflated by MessageCompressor did not inflate back to itself")
    }
    return 0
}

exit(FuzzRunner.main(fuzzInflate))
