import GRDB

/// Forecasts by weather zone and day, as the weather file delivers them.
enum WeatherStore {
    /// Stores the rows; a later row for the same zone and day replaces the earlier one.
    static func upsert(_ rows: [WeatherFile.Row], in db: Database) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO weather_day (zone, day, forecast_low_f, heat_advisory) VALUES (?, ?, ?, ?)
            ON CONFLICT (zone, day) DO UPDATE SET forecast_low_f = excluded.forecast_low_f, heat_advisory = excluded.heat_advisory
            """)
        for row in rows { try upsert.execute(arguments: [row.zone, row.day, row.low, row.heatAdvisory]) }
    }

    /// (zone, day) → (forecast low, heat advisory) for the zones and days asked.
    static func load(zones: Set<String>, days: ClosedRange<Int>, in db: Database) throws -> [String: [Int: (low: Int, heat: Bool)]] {
        var result: [String: [Int: (Int, Bool)]] = [:]
        let statement = try db.cachedStatement(sql: "SELECT day, forecast_low_f, heat_advisory FROM weather_day WHERE zone = ? AND day BETWEEN ? AND ?")
        for zone in zones {
            for row in try Row.fetchAll(statement, arguments: [zone, days.lowerBound, days.upperBound]) {
                result[zone, default: [:]][row[0] as Int] = (row[1] as Int, row[2] as Bool)
            }
        }
        return result
    }
}
