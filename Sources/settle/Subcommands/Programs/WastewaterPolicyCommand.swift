import ArgumentParser
import SettleClient
import SettleContracts

/// `settle wastewater policy [--winter-months 12,1,2] [--minimum-periods N] …`: shows the
/// policy, or changes the fields given (the rest keep their value).
struct WastewaterPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Show the winter-averaging policy, or change the fields given.")

    @Option(name: .long, help: "Months whose closing reads make winter periods, comma-separated (default 12,1,2).") var winterMonths: String?
    @Option(name: .long, help: "Fewest qualifying winter periods for a computed average.") var minimumPeriods: UInt32?
    @Option(name: .long, help: "Fewest days a winter period needs to count.") var minimumDays: UInt32?
    @Option(name: .long, help: "A year's averages apply to periods closing after this MM-DD.") var effectiveAfter: String?
    @Option(name: .long, help: "A class's default and cap, gallons a month: CLASS=DEFAULT[:CAP], e.g. residential=5000:12000 (repeatable).")
    var classAverage: [String] = []
    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let winterMonths, winterMonths.split(separator: ",").contains(where: { UInt32($0) == nil }) {
            throw ValidationError("--winter-months must be month numbers separated by commas, e.g. 12,1,2")
        }
        for entry in classAverage where Self.classEntry(entry) == nil {
            throw ValidationError("--class-average '\(entry)' is not CLASS=DEFAULT[:CAP] in gallons, e.g. residential=5000:12000")
        }
    }

    static func classEntry(_ text: String) -> Settle_Programs_V1_ClassAverage? {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let numbers = parts[1].split(separator: ":")
        guard (1...2).contains(numbers.count), let value = Int64(numbers[0]), numbers.count == 1 || Int64(numbers[1]) != nil else { return nil }
        var entry = Settle_Programs_V1_ClassAverage()
        entry.rateClass = String(parts[0])
        entry.defaultGallons = value
        entry.capGallons = numbers.count == 2 ? Int64(numbers[1]) ?? 0 : 0
        return entry
    }

    func run() async throws {
        let options = mutation.callOptions(connection)
        let policy = try await connection.withClient { client in
            let programs = client.client(ProgramsV1.Client.self)
            var policy = try await programs.getWastewaterPolicy(.init(), options: options)
            let before = policy
            if let winterMonths { policy.winterMonths = winterMonths.split(separator: ",").compactMap { UInt32($0) } }
            if let minimumPeriods { policy.minimumPeriods = minimumPeriods }
            if let minimumDays { policy.minimumDays = minimumDays }
            if let effectiveAfter { policy.effectiveAfter = effectiveAfter }
            for entry in classAverage.compactMap(Self.classEntry) {
                policy.classes.removeAll { $0.rateClass == entry.rateClass }
                policy.classes.append(entry)
            }
            guard policy != before else { return policy }
            var request = Settle_Programs_V1_SetWastewaterPolicyRequest()
            request.idempotencyKey = mutation.resolvedKey()
            request.policy = policy
            request.reason = mutation.reason ?? ""
            return try await programs.setWastewaterPolicy(request, options: options)
        }
        if connection.json { return try Output.message(policy) }
        Output.table(["SETTING", "VALUE"], [
            ["winter months", policy.winterMonths.map(String.init).joined(separator: ", ")],
            ["minimum winter periods", String(policy.minimumPeriods)],
            ["minimum days a period", String(policy.minimumDays)],
            ["averages apply to periods closing after", policy.effectiveAfter],
        ])
        print("")
        Output.table(["CLASS", "DEFAULT GAL/MONTH", "CAP GAL/MONTH"], policy.classes.map {
            [$0.rateClass, ProgramsFormat.gallons($0.defaultGallons * 1_000), $0.capGallons == 0 ? "none" : ProgramsFormat.gallons($0.capGallons * 1_000)]
        })
    }
}
