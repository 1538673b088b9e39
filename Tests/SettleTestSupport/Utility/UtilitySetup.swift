public import SettleContracts
import Foundation
import SettleRPC

/// The pieces of a utility a test needs before it can bill — a customer, a premise, an active
/// register meter, a move-in, a file of reads — made through the real contracts, as a clerk
/// would, each call with a fresh idempotency key.
///
/// Every module's tests build the same customer on the same street; one place keeps those
/// requests alike, and each test names only what it is about (the cycle, the tariff, the reads).
public struct UtilitySetup: Sendable {
    public let accounts: AccountsV1.Client
    public let metering: MeteringV1.Client

    public init(accounts: AccountsV1.Client, metering: MeteringV1.Client) {
        self.accounts = accounts
        self.metering = metering
    }

    /// A customer with a phone number; answers its id.
    public func customer(_ name: String, kind: String = "person") async throws -> String {
        var customer = Settle_Accounts_V1_CreateCustomerRequest()
        customer.idempotencyKey = freshKey("customer")
        customer.kind = kind
        customer.name = name
        customer.contact.phone = "217-555-0100"
        return try await accounts.createCustomer(customer).customer.id
    }

    /// A residential premise in Springfield, IL; `id` nil lets Accounts number it. Answers its id.
    public func premise(_ id: String? = nil, street: String = "12 Oak St", zone: String = "north", type: String = "residential") async throws -> String {
        var place = Settle_Accounts_V1_CreatePremiseRequest()
        place.idempotencyKey = freshKey("premise")
        if let id { place.premiseID = id }
        place.serviceAddress.line1 = street
        place.serviceAddress.city = "Springfield"
        place.serviceAddress.state = "IL"
        place.serviceAddress.postalCode = "62701"
        place.weatherZone = zone
        place.premiseType = type
        return try await accounts.createPremise(place).premise.id
    }

    /// An electric register meter (`dials` dials) installed at `premise` on `date` with
    /// `installRead` kWh delivered, and activated; with `exports`, it also registers kWh
    /// received from the customer (a solar customer's meter), read 0 at install.
    public func registerMeter(_ serial: String, at premise: String, on date: String, installRead: Int64, dials: UInt32 = 5, exports: Bool = false) async throws {
        var add = Settle_Metering_V1_AddMeterRequest()
        add.idempotencyKey = freshKey("meter")
        add.serial = serial
        add.serviceType = "electric"
        add.kind = "register"
        add.dials = dials
        add.form = "2S"
        add.serviceAmps = 200
        if exports { add.channels = [.kwhDelivered, .kwhReceived] }
        _ = try await metering.addMeter(add)
        var install = Settle_Metering_V1_InstallMeterRequest()
        install.idempotencyKey = freshKey("install")
        install.serial = serial
        install.premiseID = premise
        install.date = date
        var read = Settle_Metering_V1_ChannelRead()
        read.channel = .kwhDelivered
        read.value = installRead
        install.reads = [read]
        if exports {
            var received = Settle_Metering_V1_ChannelRead()
            received.channel = .kwhReceived
            install.reads.append(received)
        }
        _ = try await metering.installMeter(install)
        var activate = Settle_Metering_V1_ActivateMeterRequest()
        activate.idempotencyKey = freshKey("activate")
        activate.serial = serial
        _ = try await metering.activateMeter(activate)
    }

    /// Electric service for `customer` at `premise` from `date` on bill cycle `cycle`; answers
    /// the account number and the agreement.
    public func moveIn(
        _ customer: String, at premise: String, on date: String, cycle: UInt32, rateSchedule: String = "RES-1", rateClass: String = "residential"
    ) async throws -> (account: String, agreement: UInt64) {
        var moveIn = Settle_Accounts_V1_MoveInRequest()
        moveIn.idempotencyKey = freshKey("move-in")
        moveIn.customerID = customer
        moveIn.premiseID = premise
        moveIn.date = date
        moveIn.billCycle = cycle
        var service = Settle_Accounts_V1_ServiceRequest()
        service.serviceType = "electric"
        service.rateSchedule = rateSchedule
        service.rateClass = rateClass
        moveIn.services = [service]
        let response = try await accounts.moveIn(moveIn)
        guard let agreement = response.agreements.first?.id else { throw UtilitySetupError("the move-in of \(customer) at \(premise) opened no agreement") }
        return (response.account.number, agreement)
    }

    /// Imports a register-read CSV in one file; answers Metering's verdict (committed, or the
    /// rows it rejected and why).
    public func importRegisterReads(_ csv: String) async throws -> Settle_Metering_V1_ImportReadsResponse {
        try await metering.importReads { writer in
            var first = Settle_Metering_V1_ImportReadsRequest()
            first.idempotencyKey = freshKey("reads")
            first.options.format = .registerCsv
            try await writer.write(first)
            var body = Settle_Metering_V1_ImportReadsRequest()
            body.fileChunk = Data(csv.utf8)
            try await writer.write(body)
        }
    }
}

/// A set-up step that could not be done: the test's premise is wrong, not the code under test.
public struct UtilitySetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
