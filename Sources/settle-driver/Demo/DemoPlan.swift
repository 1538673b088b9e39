import Foundation
import SettleContracts

/// One service an account takes at its premise, under a rate schedule.
struct DemoService: Sendable {
    let type: String
    let schedule: String
}

/// A meter the demo utility installs, with the truth behind its reads: how much the premise
/// really uses and how the register turns that into dial readings.
struct DemoMeter: Sendable {
    let serial: String
    let service: String
    let kind: String
    let dials: UInt32
    /// The CT ratio the utility's records say (wrong on a planted meter).
    let recordedCTRatio: Int
    let form: String
    let serviceAmps: UInt32
    let size: String
    let channels: [Settle_Metering_V1_Channel]
    let touCapable: Bool
    /// The real multiplier of the installation: register units × this = kWh (gallons × 1).
    let trueMultiplier: Int
    /// The register reading on the install day.
    let installReading: Int64

    var isInterval: Bool { kind == "interval" }
}

/// What the demo deliberately plants for VEE and collections to find.
enum DemoPlant: String, Sendable, CaseIterable {
    case rollover
    case wrongMultiplier = "wrong_multiplier"
    case zeroUse = "zero_use"
    case vacantUse = "vacant_use"
    case spike
    case missingRead = "missing_read"
    case intervalSpike = "interval_spike"
}

/// How an account pays, which is what collections later has to deal with.
enum DemoPayer: String, Sendable {
    case onTime = "on_time"
    case late
    case delinquent
}

/// One account of the demo utility: customer, premise, services, meters and what is planted.
struct DemoAccount: Sendable {
    let index: Int
    let rateClass: String
    let cycle: UInt32
    let premiseID: String
    let premiseType: String
    let weatherZone: String
    let customerKind: String
    let customerName: String
    let street: String
    let services: [DemoService]
    let electric: DemoMeter
    let water: DemoMeter?
    let solar: Bool
    /// Average daily use in kWh (electric) and gallons (water) before the seasonal shape.
    let dailyKWh: Double
    let dailyGallons: Double
    let plant: DemoPlant?
    let taxExemptUntil: String?
    let criticalCare: Bool
    let payer: DemoPayer
    /// Enrols in time of use through Programs (starts on RES with a 15-minute meter).
    var touEnrollee = false

    var electricSchedule: String { services.first { $0.type == "electric" }?.schedule ?? "" }
}

/// The synthetic utility: a pure function of the seed and the account count, modelled on a
/// Texas municipal utility (Austin / San Antonio style: summer-peaking residential load, a
/// monthly power supply adjustment, demand-billed commercial, inclining water blocks).
struct DemoUtility: Sendable {
    let seed: UInt64
    let accountCount: Int
    let calendar: DemoCalendar

    /// The cycle of the solar customers and of the budget plans (every 20th residential account
    /// is on cycle 8 by its index), billed for `DemoCalendar.programMonths` more months.
    static let programsCycle: UInt32 = 8

    static let weatherZones = ["north", "central", "south", "hill-country"]
    static let streets = ["Guadalupe St", "Lamar Blvd", "Congress Ave", "Burnet Rd", "Airport Blvd", "Riverside Dr",
                          "Oltorf St", "Manor Rd", "Cesar Chavez St", "William Cannon Dr", "Slaughter Ln", "Parmer Ln"]
    static let givenNames = ["Maria", "James", "Linda", "Jose", "Patricia", "Robert", "Ana", "Michael", "Carmen", "David",
                             "Rosa", "John", "Elena", "Luis", "Sarah", "Daniel", "Lucia", "Thomas", "Sofia", "Kevin"]
    static let familyNames = ["Garcia", "Smith", "Martinez", "Johnson", "Hernandez", "Williams", "Lopez", "Brown",
                              "Gonzalez", "Jones", "Rodriguez", "Davis", "Perez", "Miller", "Sanchez", "Wilson"]
    static let businesses = ["Taqueria", "Dental Clinic", "Auto Repair", "Laundromat", "Bakery", "Pharmacy", "Hardware",
                             "Coffee House", "Fitness Center", "Print Shop", "Veterinary Clinic", "Grocery"]

    func account(_ index: Int) -> DemoAccount {
        var random = DemoRandom(seed: seed, index: index, salt: 1)
        let draw = random.unit()
        let rateClass: String
        switch draw {
        case ..<0.872: rateClass = "residential"
        case ..<0.952: rateClass = "small_commercial"
        case ..<0.972: rateClass = "large_commercial"
        case ..<0.977: rateClass = "industrial"
        default: rateClass = "lighting"
        }
        let premiseID = String(format: "DP%06d", index + 1)
        let street = "\(100 + Int(random.next() % 9_800)) \(Self.streets[Int(random.next() % UInt64(Self.streets.count))])"
        let zone = Self.weatherZones[Int(random.next() % UInt64(Self.weatherZones.count))]
        let person = rateClass == "residential"
        let name = person
            ? "\(Self.givenNames[Int(random.next() % 20)]) \(Self.familyNames[Int(random.next() % 16)])"
            : rateClass == "lighting" ? "City of Settle Parks \(index + 1)"
            : "\(Self.familyNames[Int(random.next() % 16)]) \(Self.businesses[Int(random.next() % 12)])"

        // Electric: the schedule and the meter it needs.
        let solar = person && random.chance(0.012)
        // Solar customers read with the budget plans, on the programs' cycle, which the demo
        // bills for a year before the billed month (`DemoProgramMonths`).
        let cycle = solar ? Self.programsCycle : UInt32(index % 20 + 1)
        let tou = person && !solar && random.chance(0.008)
        // Programs' draws come from their own stream, so the rest of the utility stays as it was.
        var programs = DemoRandom(seed: seed, index: index, salt: 7)
        let touEnrollee = person && !solar && !tou && programs.chance(0.03)
        let schedule: String
        switch rateClass {
        case "residential": schedule = solar ? "RES-SOLAR" : tou ? "RES-TOU" : "RES"
        case "small_commercial": schedule = "SGS"
        case "large_commercial": schedule = "LGS"
        case "industrial": schedule = "IND-TOU"
        default: schedule = "LIGHT"
        }
        let interval = solar || tou || touEnrollee || rateClass == "large_commercial" || rateClass == "industrial"
        let transformerRated = rateClass == "large_commercial" || rateClass == "industrial"
        let amps: UInt32 = transformerRated ? (rateClass == "industrial" ? 800 : 400) : (person ? 200 : 100)
        let ct = transformerRated ? Int(amps) / 5 : 1
        var channels: [Settle_Metering_V1_Channel] = [.kwhDelivered]
        if solar { channels.append(.kwhReceived) }
        let dials: UInt32 = transformerRated ? 6 : 5

        // Planted problems, a deterministic share each.
        var plant: DemoPlant?
        let p = random.unit()
        if transformerRated, p < 0.02 { plant = .wrongMultiplier }
        else if interval, p < 0.06 { plant = .intervalSpike }
        else if !interval {
            switch p {
            case ..<0.004: plant = .zeroUse
            case ..<0.007: plant = .vacantUse
            case ..<0.011: plant = .spike
            case ..<0.016: plant = .missingRead
            case ..<0.030: plant = .rollover
            default: break
            }
        }
        let dailyKWh: Double
        switch rateClass {
        case "residential": dailyKWh = 22 + random.unit() * 26
        case "small_commercial": dailyKWh = 45 + random.unit() * 120
        case "large_commercial": dailyKWh = 900 + random.unit() * 2_600
        case "industrial": dailyKWh = 4_000 + random.unit() * 9_000
        default: dailyKWh = 8 + random.unit() * 20
        }
        let modulus = Int64(pow(10.0, Double(dials)))
        let installReading = plant == .rollover
            ? modulus - Int64(dailyKWh * 30 * 13) + Int64(dailyKWh * 12)  // wraps in the billed month
            : Int64(random.next() % UInt64(modulus / 2))
        let electric = DemoMeter(
            serial: String(format: "E%07d", index + 1), service: "electric", kind: interval ? "interval" : "register",
            dials: dials, recordedCTRatio: plant == .wrongMultiplier ? 1 : ct, form: transformerRated ? "9S" : "2S",
            serviceAmps: amps, size: "", channels: channels, touCapable: interval, trueMultiplier: ct,
            installReading: max(0, installReading))

        // Water, wastewater and solid waste on most premises.
        var services = [DemoService(type: "electric", schedule: schedule)]
        var water: DemoMeter?
        var dailyGallons = 0.0
        if rateClass != "lighting", random.chance(person ? 0.9 : 0.8) {
            services.append(DemoService(type: "water", schedule: person ? "WTR-RES" : "WTR-COM"))
            if random.chance(0.93) { services.append(DemoService(type: "wastewater", schedule: person ? "WW-RES" : "WW-COM")) }
            dailyGallons = person ? 140 + random.unit() * 160 : 400 + random.unit() * 2_400
            water = DemoMeter(
                serial: String(format: "W%07d", index + 1), service: "water", kind: "register", dials: 7,
                recordedCTRatio: 1, form: "", serviceAmps: 0, size: person ? "5/8" : "2", channels: [.gallons],
                touCapable: false, trueMultiplier: 1, installReading: Int64(random.next() % 2_000_000))
        }
        if person, random.chance(0.85) { services.append(DemoService(type: "solid_waste", schedule: "SW-RES")) }

        let taxExemptUntil: String? = !person && rateClass != "lighting" && random.chance(0.06)
            ? (random.chance(0.2) ? calendar.midYearExpiry : "") : nil
        let criticalCare = person && random.chance(0.006)
        let payerDraw = random.unit()
        let payer: DemoPayer = payerDraw < 0.06 ? .delinquent : payerDraw < 0.22 ? .late : .onTime
        var account = DemoAccount(
            index: index, rateClass: rateClass, cycle: cycle, premiseID: premiseID,
            premiseType: person ? "residential" : rateClass == "industrial" ? "industrial" : rateClass == "lighting" ? "lighting" : "commercial",
            weatherZone: zone, customerKind: person ? "person" : "organisation", customerName: name, street: street,
            services: services, electric: electric, water: water, solar: solar, dailyKWh: dailyKWh, dailyGallons: dailyGallons,
            plant: plant, taxExemptUntil: taxExemptUntil, criticalCare: criticalCare, payer: payer)
        account.touEnrollee = touEnrollee
        return account
    }
}
