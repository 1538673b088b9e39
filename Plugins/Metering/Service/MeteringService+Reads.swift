import Foundation
import SettleContracts
import SettleDomain
import SettleModuleSDK
import SettleRPC
import SwiftProtobuf

/// Reads: the bulk import stream and the lookups of stored reads and intervals.
extension MeteringService {
    func importReads(_ requests: RPCAsyncSequence<Settle_Metering_V1_ImportReadsRequest>, context: ServerContext) async throws -> Settle_Metering_V1_ImportReadsResponse {
        var messages = requests.makeAsyncIterator()
        guard let first = try await messages.next() else {
            throw MeteringError.invalid("stream", "the import stream was empty; the first message carries the idempotency key and options")
        }
        let key = first.idempotencyKey.isEmpty ? (context.idempotencyKey ?? "") : first.idempotencyKey
        guard !key.isEmpty else {
            throw MeteringError.invalid("idempotency_key", "an import needs an idempotency key on its first message (one key per file)")
        }
        let method = context.method.fullName
        // A key already used means a retry: only fingerprint the stream, and let the store
        // answer with the first response (or refuse a different import under the same key).
        let replay = try await store.read { db in
            try ReadImportStore.wasCommitted(method: method, key: key, in: db)
        }
        let directory = replay ? MeterDirectory.empty : try await store.read { db in try MeterRepository.directory(in: db) }
        var session = try ImportSession(
            options: first.options, directory: directory, calendar: calendar, replay: replay, now: Int64(Date().timeIntervalSince1970))
        try session.consume(first)
        while let message = try await messages.next() {
            guard message.idempotencyKey.isEmpty || message.idempotencyKey == key else {
                throw MeteringError.invalid("idempotency_key", "only the first message of an import carries the key")
            }
            try session.consume(message)
        }
        try session.finish()
        var collector = session.collector
        let reads = collector.takeSortedReads()
        let days = collector.takeDays()
        let rejections = collector.rejections
        let committer = ImportCommitter(
            directory: directory, calendar: calendar,
            summary: .init(
                source: first.options.sourceName, format: Self.formatName(first.options.format), actor: context.peer.actor,
                method: method, acceptValidRows: first.options.acceptValidRows))
        do {
            let result = try await store.idempotent(method: method, key: key, requestFingerprint: session.fingerprint.bytes) { db in
                try committer.commit(reads: reads, days: days, rejections: rejections, in: db).serializedBytes()
            }
            return try Settle_Metering_V1_ImportReadsResponse(serializedBytes: result.response)
        } catch let rejected as ImportCommitter.ImportRejected {
            return rejected.response
        }
    }

    func listReads(_ request: Settle_Metering_V1_ListReadsRequest, context: ServerContext) async throws -> Settle_Metering_V1_ListReadsResponse {
        let from = try MeteringError.optionalDate(request.fromDate, field: "from_date")
        let to = try MeteringError.optionalDate(request.toDate, field: "to_date")
        let channel = request.channel == .unspecified ? nil : MeterChannel(request.channel)
        return try await store.read { db in
            let meter = try MeterRepository.require(serial: request.meterSerial, in: db)
            let reads = try MeterRepository.reads(
                meterID: meter.id, channel: channel, from: from.map(calendar.startOfDay) ?? .min,
                to: to.map { calendar.startOfDay($0.adding(days: 1)) } ?? .max, in: db)
            var response = Settle_Metering_V1_ListReadsResponse()
            response.reads = reads.map { $0.proto(serial: meter.serial, calendar: calendar) }
            return response
        }
    }

    func getIntervals(_ request: Settle_Metering_V1_GetIntervalsRequest, context: ServerContext) async throws -> Settle_Metering_V1_GetIntervalsResponse {
        let from = try MeteringError.date(request.fromDate, field: "from_date")
        let to = try MeteringError.date(request.toDate, field: "to_date")
        guard to >= from, to - from <= 366 else { throw MeteringError.invalid("to_date", "give 1 to 367 days, from_date to to_date") }
        return try await store.read { db in
            let meter = try MeterRepository.require(serial: request.meterSerial, in: db)
            // No channel means the meter's main one: gallons for water, not kWh.
            let channel = MeterChannel(request.channel) ?? meter.serviceType.primaryChannel
            let days = try IntervalStore.days(meterID: meter.id, channel: channel, from: from, to: to, in: db)
            var response = Settle_Metering_V1_GetIntervalsResponse()
            for dayNumber in days.keys.sorted() {
                guard let day = days[dayNumber] else { continue }
                let date = LocalDate(dayNumber: dayNumber)
                var proto = Settle_Metering_V1_IntervalDay()
                proto.date = date.description
                proto.startUtc = calendar.startOfDay(date)
                proto.intervalMinutes = UInt32(day.minutes)
                proto.slots = UInt32(day.slots)
                proto.values = day.values
                proto.missing = (0..<day.slots).map { !day.present[$0] }
                proto.estimated = (0..<day.slots).map { day.estimated[$0] }
                proto.total = day.total
                response.days.append(proto)
            }
            return response
        }
    }

    static func formatName(_ format: Settle_Metering_V1_ImportFormat) -> String {
        switch format {
        case .registerCsv: "register-csv"
        case .intervalCsv: "interval-csv"
        case .greenButton: "greenbutton"
        default: "messages"
        }
    }
}
