import ArgumentParser
import SettleClient
import SettleContracts

/// `settle meter add SERIAL`: a new meter in inventory.
struct MeterAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a meter to inventory.")

    @Argument(help: "Meter serial.") var serial: String
    @Option(name: .long, help: "electric, water, wastewater or solid_waste.") var service = "electric"
    @Option(name: .long, help: "register or interval.") var kind = "register"
    @Option(name: .long, help: "Number of register dials.") var dials: UInt32 = 5
    @Option(name: .long, help: "CT ratio as a decimal, e.g. 80 for 400:5.") var ct = "1"
    @Option(name: .long, help: "PT ratio as a decimal.") var pt = "1"
    @Option(name: .long, help: "Register constant as a decimal.") var constant = "1"
    @Option(name: .long, help: "A channel (kwh_delivered, kwh_received, kw_demand, kvarh, gallons); repeat for several.") var channel: [String] = []
    @Flag(name: .long, help: "The meter has TOU registers.") var tou = false
    @Option(name: .long, help: "ANSI form, e.g. 2S or 9S.") var form = ""
    @Option(name: .long, help: "Service size in amperes.") var amps: UInt32 = 0
    @Option(name: .long, help: "Water meter size, e.g. 5/8.") var size = ""
    @Option(name: .long, help: "Interval length of an interval meter: 15, 30 or 60.") var intervalMinutes: UInt32 = 0

    @OptionGroup var mutation: MutationOptions
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        var request = Settle_Metering_V1_AddMeterRequest()
        request.idempotencyKey = mutation.resolvedKey()
        request.serial = serial
        request.serviceType = service
        request.kind = kind
        request.dials = dials
        request.ctRatio = ct
        request.ptRatio = pt
        request.registerConstant = constant
        request.channels = try channel.map { name in
            guard let value = MeteringFormat.channel(name) else { throw ValidationError("unknown channel '\(name)'") }
            return value
        }
        request.touCapable = tou
        request.form = form
        request.serviceAmps = amps
        request.size = size
        request.intervalMinutes = intervalMinutes
        let response = try await mutation.send(connection) { try await $0.client(MeteringV1.Client.self).addMeter(request, options: $1) }
        if connection.json { return try Output.message(response) }
        MeteringFormat.printMeter(response)
    }
}
