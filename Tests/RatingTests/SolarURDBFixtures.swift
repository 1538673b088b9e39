/// URDB rates for the solar simulations, each in the shape OpenEI's Utility Rate Database
/// publishes (`energyratestructure` tiers with `sell`, schedules, fixed and minimum charges,
/// flat demand), beside `URDBFixture` (the two-period TOU rate with tiers).
enum SolarURDBFixtures {
    /// Twelve rows of 24 hours, each hour's period from `period(month 0–11, hour)`.
    static func schedule(_ period: (Int, Int) -> Int) -> String {
        (0..<12).map { month in "[" + (0..<24).map { String(period(month, $0)) }.joined(separator: ",") + "]" }.joined(separator: ",")
    }

    static func rate(name: String, body: String) -> String {
        """
        {"items": [{
          "label": "5a00000000000000000000\(name.count)",
          "utility": "Test Municipal Utility",
          "name": "\(name)",
          "sector": "Residential",
          "startdate": 1514764800,
          \(body)
        }]}
        """
    }

    /// Flat 0.12 $/kWh, sell 0.04, 10 $/month.
    static var flat: String {
        rate(name: "Flat Solar", body: """
          "fixedchargefirstmeter": 10, "fixedchargeunits": "$/month",
          "energyratestructure": [[{"rate": 0.12, "sell": 0.04, "unit": "kWh"}]],
          "energyweekdayschedule": [\(schedule { _, _ in 0 })],
          "energyweekendschedule": [\(schedule { _, _ in 0 })]
        """)
    }

    /// Inclining blocks: the first 500 kWh at 0.10, the rest 0.14, sell 0.05; 8 $/month,
    /// minimum 15 $/month.
    static var tiered: String {
        rate(name: "Tiered Solar", body: """
          "fixedchargefirstmeter": 8, "fixedchargeunits": "$/month",
          "mincharge": 15, "minchargeunits": "$/month",
          "energyratestructure": [[{"max": 500, "rate": 0.10, "sell": 0.05, "unit": "kWh"}, {"rate": 0.14, "sell": 0.05}]],
          "energyweekdayschedule": [\(schedule { _, _ in 0 })],
          "energyweekendschedule": [\(schedule { _, _ in 0 })]
        """)
    }

    /// Seasons: winter (period 0) 0.09 sell 0.03, summer June–September (period 1) 0.15 sell
    /// 0.06; 12 $/month.
    static var seasonal: String {
        let table = schedule { month, _ in (5...8).contains(month) ? 1 : 0 }
        return rate(name: "Seasonal Solar", body: """
          "fixedchargefirstmeter": 12, "fixedchargeunits": "$/month",
          "energyratestructure": [[{"rate": 0.09, "sell": 0.03, "unit": "kWh"}], [{"rate": 0.15, "sell": 0.06, "unit": "kWh"}]],
          "energyweekdayschedule": [\(table)],
          "energyweekendschedule": [\(table)]
        """)
    }

    /// Small commercial with demand: 0.07 $/kWh, sell 0.03, flat demand 8 $/kW, 25 $/month.
    static var demand: String {
        rate(name: "Demand Solar", body: """
          "fixedchargefirstmeter": 25, "fixedchargeunits": "$/month",
          "energyratestructure": [[{"rate": 0.07, "sell": 0.03, "unit": "kWh"}]],
          "energyweekdayschedule": [\(schedule { _, _ in 0 })],
          "energyweekendschedule": [\(schedule { _, _ in 0 })],
          "flatdemandstructure": [[{"rate": 8}]],
          "flatdemandmonths": [0,0,0,0,0,0,0,0,0,0,0,0],
          "flatdemandunit": "kW"
        """)
    }
}
