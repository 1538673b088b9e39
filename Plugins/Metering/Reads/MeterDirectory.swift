import SettleContracts
import SettleDomain

/// Every meter with what row validation needs, loaded once per import
/// (``MeterRepository/directory(in:)``).
///
/// An import checks each row's meter, channel, dials and install period; looking them up in
/// memory keeps that to a hash lookup per row instead of a query per row.
struct MeterDirectory: Sendable {
    struct Entry: Sendable {
        let id: Int64
        let serial: String
        let serviceType: ServiceType
        let kind: MeterKind
        let dials: Int
        let modulus: Int64
        let channels: ChannelSet
        let intervalMinutes: Int
        /// Install periods as inclusive day-number ranges (open installs end at Int.max).
        let installs: [ClosedRange<Int>]

        func installed(on day: Int) -> Bool {
            installs.contains { $0.contains(day) }
        }

        /// Words for a person: when the meter was in service.
        var installDescription: String {
            guard !installs.isEmpty else { return "it has never been installed" }
            return "it was installed " + installs.map { range in
                range.upperBound == Int.max
                    ? "from \(LocalDate(dayNumber: range.lowerBound))"
                    : "\(LocalDate(dayNumber: range.lowerBound)) to \(LocalDate(dayNumber: range.upperBound))"
            }.joined(separator: ", ")
        }
    }

    private(set) var entries: [Entry] = []
    /// Meter ids by index, apart from the entries so the insert loop reads 8 bytes a row.
    private(set) var ids: [Int64] = []
    private var indexBySerial: [String: Int] = [:]

    static let empty = MeterDirectory()

    func index(of serial: String) -> Int? { indexBySerial[serial] }

    subscript(index: Int) -> Entry { entries[index] }

    init() {}

    /// A directory of `entries`, in their order.
    init(entries: [Entry]) {
        self.entries = entries
        ids = entries.map(\.id)
        for (index, entry) in entries.enumerated() { indexBySerial[entry.serial] = index }
    }
}
