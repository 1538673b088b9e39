import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads interval data from a Green Button (NAESB ESPI) Atom feed.
///
/// Only what billing needs is read: each `ReadingType` (unit, power-of-ten multiplier,
/// flow direction, interval length) and each `IntervalBlock`'s `IntervalReading`s
/// (start, duration, value, quality). A block finds its reading type through its
/// `MeterReading` (the block's "up" link minus `/IntervalBlock`, whose "related" link names
/// the ReadingType); a file with a single ReadingType needs no links. Values become
/// thousandths of the channel unit: Wh stays Wh, and a negative power of ten (e.g. mWh)
/// is rounded half up to whole thousandths.
struct GreenButtonParser {
    struct Reading: Equatable, Sendable {
        var start: Int64
        var duration: Int64
        var value: Int64
        var quality: Int?
        var line: UInt32
    }

    struct ReadingType: Equatable, Sendable {
        var uom = 0
        var powerOfTen = 0
        var flowDirection = 1
        var intervalLength = 0
    }

    struct Block: Sendable {
        var readingType: ReadingType?
        var readings: [Reading]
        var line: UInt32
        var problem: String?
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// The blocks of the file in document order, each with its resolved reading type.
    static func parse(_ data: Data) throws -> [Block] {
        let delegate = Collector()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        delegate.parser = parser
        // XMLParser can report success for a document cut short, with the error set.
        guard parser.parse(), parser.parserError == nil else {
            let code = parser.parserError.map { " (XMLParser error \(($0 as NSError).code))" } ?? ""
            throw ParseError(description: "not well-formed XML near line \(parser.lineNumber)\(code)")
        }
        return delegate.resolve()
    }

    /// The channel a reading type measures, or why it cannot be imported.
    static func channel(of type: ReadingType) -> Result<MeterChannel, ParseError> {
        switch (type.uom, type.flowDirection) {
        case (72, 19): .success(.kwhReceived)
        case (72, _): .success(.kwhDelivered)
        case (38, _): .success(.kwDemand)
        case (73, _): .success(.kvarh)
        default: .failure(ParseError(description: "ReadingType unit (uom) \(type.uom) is not Wh (72), W (38) or VArh (73)"))
        }
    }

    /// A reading's value in thousandths of the channel unit (the file's unit is already Wh / W / VArh).
    static func thousandths(_ value: Int64, powerOfTen: Int) -> Int64 {
        if powerOfTen >= 0 {
            var result = value
            for _ in 0..<powerOfTen { result = result.multipliedReportingOverflow(by: 10).partialValue }
            return result
        }
        var divisor: Int64 = 1
        for _ in 0..<min(-powerOfTen, 18) { divisor *= 10 }
        return Ratio.scale(value, by: 1, dividedBy: divisor)
    }

    /// ESPI qualities that mean estimated: 8 (reference day), 9 (interpolation), 12 (projected).
    static func isEstimated(quality: Int?) -> Bool {
        guard let quality else { return false }
        return [8, 9, 12].contains(quality)
    }
}

/// XMLParser's delegate: a small state machine over the elements Green Button uses.
private final class Collector: NSObject, XMLParserDelegate {
    struct Entry {
        var selfHref = ""
        var upHref = ""
        var related: [String] = []
        var readingType: GreenButtonParser.ReadingType?
        var blocks: [GreenButtonParser.Block] = []
    }

    weak var parser: XMLParser?
    private var entries: [Entry] = []
    private var entry: Entry?
    private var path: [String] = []
    private var text = ""
    private var readingType: GreenButtonParser.ReadingType?
    private var block: GreenButtonParser.Block?
    private var reading: GreenButtonParser.Reading?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes: [String: String] = [:]) {
        let name = elementName
        path.append(name)
        text = ""
        switch name {
        case "entry":
            entry = Entry()
        case "link":
            let href = attributes["href"] ?? ""
            switch attributes["rel"] {
            case "self": entry?.selfHref = href
            case "up": entry?.upHref = href
            case "related": entry?.related.append(href)
            default: break
            }
        case "ReadingType":
            readingType = GreenButtonParser.ReadingType()
        case "IntervalBlock":
            block = GreenButtonParser.Block(readingType: nil, readings: [], line: UInt32(parser.lineNumber))
        case "IntervalReading":
            reading = GreenButtonParser.Reading(start: 0, duration: 0, value: 0, quality: nil, line: UInt32(parser.lineNumber))
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        defer {
            path.removeLast()
            text = ""
        }
        if readingType != nil, parent == "ReadingType" {
            switch elementName {
            case "uom": readingType?.uom = Int(value) ?? 0
            case "powerOfTenMultiplier": readingType?.powerOfTen = Int(value) ?? 0
            case "flowDirection": readingType?.flowDirection = Int(value) ?? 1
            case "intervalLength": readingType?.intervalLength = Int(value) ?? 0
            default: break
            }
        }
        if reading != nil {
            switch (parent, elementName) {
            case ("timePeriod", "start"): reading?.start = Int64(value) ?? Int64.min
            case ("timePeriod", "duration"): reading?.duration = Int64(value) ?? 0
            case ("IntervalReading", "value"): reading?.value = Int64(value) ?? Int64.min
            case ("ReadingQuality", "quality"): reading?.quality = Int(value)
            default: break
            }
        }
        switch elementName {
        case "ReadingType":
            entry?.readingType = readingType
            readingType = nil
        case "IntervalReading":
            if let reading { block?.readings.append(reading) }
            reading = nil
        case "IntervalBlock":
            if let block { entry?.blocks.append(block) }
            block = nil
        case "entry":
            if let entry { entries.append(entry) }
            entry = nil
        default:
            break
        }
    }

    /// Gives each block its reading type through the links, or the file's only one.
    func resolve() -> [GreenButtonParser.Block] {
        let types = entries.filter { $0.readingType != nil }
        func key(_ href: String) -> String {
            guard let range = href.range(of: "/resource/") else { return href }
            return String(href[range.upperBound...])
        }
        var typeByHref: [String: GreenButtonParser.ReadingType] = [:]
        for entry in types { if let type = entry.readingType { typeByHref[key(entry.selfHref)] = type } }
        var meterReadingType: [String: GreenButtonParser.ReadingType] = [:]
        for entry in entries where entry.blocks.isEmpty && entry.readingType == nil {
            for href in entry.related {
                if let type = typeByHref[key(href)] { meterReadingType[key(entry.selfHref)] = type }
            }
        }
        var result: [GreenButtonParser.Block] = []
        for entry in entries {
            for var block in entry.blocks {
                var owner = key(entry.upHref)
                if owner.hasSuffix("/IntervalBlock") { owner.removeLast("/IntervalBlock".count) }
                if let type = meterReadingType[owner] {
                    block.readingType = type
                } else if types.count == 1 {
                    block.readingType = types[0].readingType
                } else {
                    block.problem = types.isEmpty
                        ? "the file has no ReadingType, so the unit of its values is unknown"
                        : "the block's MeterReading does not link to one of the file's \(types.count) ReadingTypes"
                }
                result.append(block)
            }
        }
        return result
    }
}
