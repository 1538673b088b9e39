import SettleAccounts
import Foundation
@testable import SettleMetering
import SettleContracts
import SettleDomain
import SettleHost
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import XCTest

/// A running host with the real Metering module and Accounts (real, or a stand-in serving
/// agreements from an `AgreementBook`), in-memory stores, a short socket path.
final class MeteringHost: TestHostWrapper {
    let base: TestHost
    let book: AgreementBook
    let client: MeteringV1.Client

    private init(base: TestHost, book: AgreementBook) {
        self.base = base
        self.book = book
        self.client = MeteringV1.Client(transport: base.transport())
    }

    static func start(realAccounts: Bool = false) async throws -> MeteringHost {
        let book = AgreementBook()
        let modules: [any SettleModule.Type] = realAccounts ? [MeteringModule.self, AccountsModule.self] : [MeteringModule.self, FakeAccountsModule.self]
        let base = try await StandIns.handing(book) {
            try await TestHost.start(modules: modules, prefix: "mt")
        }
        return MeteringHost(base: base, book: book)
    }

    func client(role: Role) -> MeteringV1.Client {
        MeteringV1.Client(transport: base.transport(as: TestHost.person(role)))
    }

    var accounts: AccountsV1.Client { AccountsV1.Client(transport: base.transport()) }

    func store() throws -> ModuleStore {
        try runtime.store(of: "metering")
    }

    var calendar: ZoneCalendar { ZoneCalendar(timeZone: runtime.configuration.timeZone) }
}

/// Runs `body` against a fresh host and always shuts it down.
func withMeteringHost(realAccounts: Bool = false, _ body: (MeteringHost) async throws -> Void) async throws {
    try await withHost(try await MeteringHost.start(realAccounts: realAccounts), body)
}

/// Request builders and one-call helpers for meters and reads.
extension MeteringHost {
    /// A person's decision on a VEE exception: `accept`, `estimate`, `edit` (to `value`) or `reread`.
    @discardableResult
    func resolveException(
        _ id: String, _ action: String, reason: String = "checked with the route sheet", value: Int64 = 0, method: String = ""
    ) async throws -> Settle_Metering_V1_ResolveVeeExceptionResponse {
        try await client.resolveVeeException(veeResolution(id, action, reason: reason, correctedValue: value, method: method))
    }

    @discardableResult
    func addMeter(
        _ serial: String, service: String = "electric", kind: String = "register", dials: UInt32 = 5, ct: String = "",
        channels: [Settle_Metering_V1_Channel] = [], form: String = "2S", amps: UInt32 = 200, tou: Bool = false
    ) async throws -> Settle_Metering_V1_Meter {
        var request = Settle_Metering_V1_AddMeterRequest()
        request.idempotencyKey = freshKey("add")
        request.serial = serial
        request.serviceType = service
        request.kind = kind
        request.dials = dials
        request.ctRatio = ct
        request.channels = channels
        request.form = form
        request.serviceAmps = amps
        request.touCapable = tou
        return try await client.addMeter(request).meter
    }

    @discardableResult
    func install(_ serial: String, premise: String, date: String, reads: [Settle_Metering_V1_Channel: Int64] = [.kwhDelivered: 0]) async throws -> Settle_Metering_V1_MeterResponse {
        var request = Settle_Metering_V1_InstallMeterRequest()
        request.idempotencyKey = freshKey("install")
        request.serial = serial
        request.premiseID = premise
        request.date = date
        request.reads = channelReads(reads)
        return try await client.installMeter(request)
    }

    @discardableResult
    func activate(_ serial: String) async throws -> Settle_Metering_V1_MeterResponse {
        var request = Settle_Metering_V1_ActivateMeterRequest()
        request.idempotencyKey = freshKey("activate")
        request.serial = serial
        return try await client.activateMeter(request)
    }

    /// Adds, installs and activates a meter.
    func ready(_ serial: String, premise: String, installed: String, kind: String = "register", dials: UInt32 = 5, ct: String = "", form: String = "2S", amps: UInt32 = 200, channels: [Settle_Metering_V1_Channel] = [], installRead: Int64 = 0) async throws {
        try await addMeter(serial, kind: kind, dials: dials, ct: ct, channels: channels, form: form, amps: amps)
        var reads: [Settle_Metering_V1_Channel: Int64] = [:]
        for channel in channels.isEmpty ? [.kwhDelivered] : channels where channel != .kwDemand { reads[channel] = installRead }
        try await install(serial, premise: premise, date: installed, reads: reads)
        try await activate(serial)
    }

    func importFile(_ text: String, format: Settle_Metering_V1_ImportFormat, acceptValidRows: Bool = false, meter: String = "", key: String = freshKey("import"), chunkSize: Int = 64) async throws -> Settle_Metering_V1_ImportReadsResponse {
        let bytes = Array(text.utf8)
        return try await client.importReads { writer in
            var first = Settle_Metering_V1_ImportReadsRequest()
            first.idempotencyKey = key
            first.options.format = format
            first.options.acceptValidRows = acceptValidRows
            first.options.meterSerial = meter
            first.options.sourceName = "test"
            try await writer.write(first)
            // Small chunks so lines straddle messages.
            var offset = 0
            while offset < bytes.count {
                var message = Settle_Metering_V1_ImportReadsRequest()
                message.fileChunk = Data(bytes[offset..<min(offset + chunkSize, bytes.count)])
                try await writer.write(message)
                offset += chunkSize
            }
        }
    }

    func importData(_ data: Data, format: Settle_Metering_V1_ImportFormat, meter: String, key: String = freshKey("import")) async throws -> Settle_Metering_V1_ImportReadsResponse {
        try await client.importReads { writer in
            var first = Settle_Metering_V1_ImportReadsRequest()
            first.idempotencyKey = key
            first.options.format = format
            first.options.meterSerial = meter
            first.fileChunk = data
            try await writer.write(first)
        }
    }

    func reads(_ serial: String, channel: Settle_Metering_V1_Channel = .unspecified) async throws -> [Settle_Metering_V1_RegisterRead] {
        var request = Settle_Metering_V1_ListReadsRequest()
        request.meterSerial = serial
        request.channel = channel
        return try await client.listReads(request).reads
    }

    /// A meter's interval days from `from` through `to` (the meter's main channel unless named).
    func intervals(_ serial: String, from: String, to: String, channel: Settle_Metering_V1_Channel = .unspecified) async throws -> [Settle_Metering_V1_IntervalDay] {
        var request = Settle_Metering_V1_GetIntervalsRequest()
        request.meterSerial = serial
        request.channel = channel
        request.fromDate = from
        request.toDate = to
        return try await client.getIntervals(request).days
    }
}

func channelReads(_ reads: [Settle_Metering_V1_Channel: Int64]) -> [Settle_Metering_V1_ChannelRead] {
    reads.sorted { $0.key.rawValue < $1.key.rawValue }.map { channel, value in
        var read = Settle_Metering_V1_ChannelRead()
        read.channel = channel
        read.value = value
        return read
    }
}


/// An exchange of the `old` meter for `new` on `date`, with each one's kWh-delivered read.
func meterExchange(_ old: String, to new: String, on date: String, removalRead: Int64, installRead: Int64) -> Settle_Metering_V1_ExchangeMeterRequest {
    var request = Settle_Metering_V1_ExchangeMeterRequest()
    request.idempotencyKey = freshKey()
    request.oldSerial = old
    request.newSerial = new
    request.date = date
    request.removalReads = channelReads([.kwhDelivered: removalRead])
    request.installReads = channelReads([.kwhDelivered: installRead])
    return request
}
