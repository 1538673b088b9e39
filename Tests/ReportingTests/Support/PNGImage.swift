import CZlib
import Foundation

/// Just enough of PNG to tell a rendered page from a blank one: the header, the image data
/// inflated with the system zlib, and the scanlines un-filtered into pixels (8-bit RGB or RGBA,
/// what chromium writes).
struct PNGImage {
    let width: Int
    let height: Int
    /// RGB of every pixel, row by row.
    let pixels: [UInt8]

    enum Failure: Error, CustomStringConvertible {
        case notPNG, unsupported(String), corrupt(String)
        var description: String {
            switch self {
            case .notPNG: "not a PNG file"
            case .unsupported(let what): "unsupported PNG: \(what)"
            case .corrupt(let what): "corrupt PNG: \(what)"
            }
        }
    }

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure.notPNG }
        func u32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        var offset = 8, width = 0, height = 0, channels = 0
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = u32(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let body = offset + 8
            guard body + length <= bytes.count else { throw Failure.corrupt("chunk \(type) runs past the end") }
            switch type {
            case "IHDR":
                width = u32(body)
                height = u32(body + 4)
                guard bytes[body + 8] == 8 else { throw Failure.unsupported("bit depth \(bytes[body + 8])") }
                switch bytes[body + 9] {
                case 2: channels = 3
                case 6: channels = 4
                default: throw Failure.unsupported("colour type \(bytes[body + 9])")
                }
                guard bytes[body + 12] == 0 else { throw Failure.unsupported("interlaced") }
            case "IDAT": compressed += bytes[body..<body + length]
            default: break
            }
            offset = body + length + 4
        }
        guard width > 0, height > 0 else { throw Failure.corrupt("no IHDR") }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBytes { out in
            compressed.withUnsafeBytes { input in
                uncompress(out.baseAddress!.assumingMemoryBound(to: Bytef.self), &rawLength, input.baseAddress!.assumingMemoryBound(to: Bytef.self), uLong(compressed.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else { throw Failure.corrupt("image data does not inflate to \(raw.count) bytes (zlib \(status))") }
        // Un-filter each scanline (PNG filters 0–4 against the line above).
        var image = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let line = y * (stride + 1) + 1
            for x in 0..<stride {
                let a = x >= channels ? Int(image[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(image[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(image[(y - 1) * stride + x - channels]) : 0
                let value = Int(raw[line + x])
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw Failure.corrupt("filter \(filter) on line \(y)")
                }
                image[y * stride + x] = UInt8((value + predicted) & 0xFF)
            }
        }
        self.width = width
        self.height = height
        pixels = channels == 3 ? image : Swift.stride(from: 0, to: image.count, by: 4).flatMap { image[$0..<$0 + 3] }
    }

    /// How many pixels differ from the top-left one (the page's background).
    var pixelsUnlikeBackground: Int {
        let background = pixels[0..<3]
        var count = 0
        for index in Swift.stride(from: 0, to: pixels.count, by: 3) where !pixels[index..<index + 3].elementsEqual(background) { count += 1 }
        return count
    }

    /// Distinct colours, to tell a chart (several fills) from text alone.
    var colours: Int {
        var seen: Set<UInt32> = []
        for index in Swift.stride(from: 0, to: pixels.count, by: 3) {
            seen.insert(UInt32(pixels[index]) << 16 | UInt32(pixels[index + 1]) << 8 | UInt32(pixels[index + 2]))
        }
        return seen.count
    }
}
