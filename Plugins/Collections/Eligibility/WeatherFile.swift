import GRDB
import SettleDomain

/// The daily weather file: UTF-8 CSV `date,zone,forecast_low_f,heat_advisory`, one row per
/// weather zone and day (e.g. `2025-01-14,north,28,no`). `forecast_low_f` is a whole number
/// of degrees Fahrenheit (may be negative); `heat_advisory` is yes/no, true/false or 1/0. A
/// first line starting with `date` is a header; a later row for the same zone and day
/// replaces the earlier one (forecasts are revised).
enum WeatherFile {
    struct Row: Sendable {
        var day: Int
        var zone: String
        var low: Int
        var heatAdvisory: Bool
    }

    static func parse(_ csv: String) -> (rows: [Row], rejected: [RowRejection]) {
        var rows: [Row] = []
        var rejected: [RowRejection] = []
        for (index, text) in CSVFields.lines(csv).enumerated() {
            let line = UInt32(index + 1)
            if text.allSatisfy({ $0 == " " || $0 == "," }) { continue }
            if index == 0, text.lowercased().hasPrefix("date") { continue }
            let fields = CSVFields.split(text).map(\.trimmingSpaces)
            guard fields.count == 4 else {
                rejected.append(RowRejection(line: line, reason: "expected 4 fields (date,zone,forecast_low_f,heat_advisory), found \(fields.count)", text: text))
                continue
            }
            guard let date = LocalDate(plausible: fields[0]) else {
                rejected.append(RowRejection(line: line, reason: "bad date '\(fields[0])': expected YYYY-MM-DD", text: text)); continue
            }
            guard !fields[1].isEmpty else { rejected.append(RowRejection(line: line, reason: "zone is empty", text: text)); continue }
            guard let low = Int(fields[2]), (-80...140).contains(low) else {
                rejected.append(RowRejection(line: line, reason: "bad forecast_low_f '\(fields[2])': expected whole °F from -80 to 140", text: text)); continue
            }
            let advisory: Bool
            switch fields[3].lowercased() {
            case "yes", "true", "1", "y": advisory = true
            case "no", "false", "0", "n", "": advisory = false
            default:
                rejected.append(RowRejection(line: line, reason: "bad heat_advisory '\(fields[3])': expected yes or no", text: text)); continue
            }
            rows.append(Row(day: date.dayNumber, zone: fields[1].lowercased(), low: low, heatAdvisory: advisory))
        }
        return (rows, rejected)
    }
}
