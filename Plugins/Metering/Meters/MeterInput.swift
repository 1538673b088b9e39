import SettleContracts
import SettleDomain

/// Turns an AddMeter request into a meter record, or says which field is wrong and why.
enum MeterInput {
    static func record(from request: Settle_Metering_V1_AddMeterRequest) throws -> MeterRecord {
        let serial = request.serial
        guard !serial.isEmpty, serial.utf8.count <= 32,
              serial.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else {
            throw MeteringError.invalid("serial", "'\(serial)' must be 1–32 letters, digits, '-' or '_'")
        }
        let serviceType = try MeteringError.serviceType(request.serviceType)
        guard let kind = MeterKind(rawValue: request.kind.isEmpty ? "register" : request.kind) else {
            throw MeteringError.invalid("kind", "'\(request.kind)' is not register or interval")
        }
        guard (3...9).contains(request.dials) else {
            throw MeteringError.invalid("dials", "\(request.dials) is not a register of 3 to 9 dials")
        }
        let ct = try ratio(request.ctRatio, field: "ct_ratio")
        let pt = try ratio(request.ptRatio, field: "pt_ratio")
        let constant = try ratio(request.registerConstant, field: "register_constant")
        guard let multiplier = Micros.product([ct, pt, constant]) else {
            throw MeteringError.invalid(
                "multiplier", "CT ratio × PT ratio × register constant has more than 6 decimals or is too large")
        }
        var channels: [MeterChannel] = []
        for channel in request.channels {
            guard let value = MeterChannel(channel) else { throw MeteringError.invalid("channels", "channel \(channel.rawValue) is unknown") }
            channels.append(value)
        }
        if channels.isEmpty { channels = [serviceType.primaryChannel] }
        let wrong = channels.filter { serviceType == .electric ? $0 == .gallons : $0 != .gallons }
        if let first = wrong.first {
            throw MeteringError.invalid("channels", "a \(serviceType.rawValue) meter cannot have a \(first.name) channel")
        }
        var minutes = Int(request.intervalMinutes)
        if kind == .interval {
            if minutes == 0 { minutes = 15 }
            guard [15, 30, 60].contains(minutes) else {
                throw MeteringError.invalid("interval_minutes", "\(minutes) is not 15, 30 or 60")
            }
        } else if minutes != 0 {
            throw MeteringError.invalid("interval_minutes", "a register meter records no intervals; leave it 0")
        }
        return MeterRecord(
            serial: serial, serviceType: serviceType, kind: kind, dials: Int(request.dials),
            ctRatioMicros: ct, ptRatioMicros: pt, registerConstantMicros: constant, multiplierMicros: multiplier,
            channels: ChannelSet(channels), touCapable: request.touCapable, form: request.form.uppercased(),
            serviceAmps: Int(request.serviceAmps), size: request.size, intervalMinutes: minutes)
    }

    /// A positive exact ratio; empty means 1.
    private static func ratio(_ text: String, field: String) throws -> Int64 {
        if text.isEmpty { return Micros.scale }
        guard let micros = Micros.parseUnsigned(text), micros > 0 else {
            throw MeteringError.invalid(field, "'\(text)' is not a positive decimal with at most 6 decimals")
        }
        return micros
    }

    /// Register readings for each channel, checked against the meter's channels and dials.
    static func channelReads(_ reads: [Settle_Metering_V1_ChannelRead], meter: MeterRecord, field: String) throws -> [MeterChannel: Int64] {
        var result: [MeterChannel: Int64] = [:]
        let modulus = RegisterMath.modulus(dials: meter.dials)
        for read in reads {
            guard let channel = MeterChannel(read.channel) else {
                throw MeteringError.invalid(field, "channel \(read.channel.rawValue) is unknown")
            }
            guard meter.channels.contains(channel) else {
                throw MeteringError.invalid(field, "meter \(meter.serial) has no \(channel.name) channel")
            }
            guard read.value >= 0, read.value < modulus else {
                throw MeteringError.invalid(field, "\(channel.name) reading \(read.value) does not fit the meter's \(meter.dials) dials")
            }
            guard result.updateValue(read.value * channel.readingScale, forKey: channel) == nil else {
                throw MeteringError.invalid(field, "\(channel.name) is read twice")
            }
        }
        return result
    }
}
