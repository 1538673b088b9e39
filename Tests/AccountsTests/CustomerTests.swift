import SettleContracts
import SettleModuleSDK
import SettleRPC
import SettleTestSupport
import SwiftProtobuf
import XCTest

final class CustomerTests: XCTestCase {
    func testCreateAssignsIDsAndARetryReturnsTheFirstResponseAndCreatesNothingMore() async throws {
        try await withAccountsHost { host in
            let request = newCustomer("Ada Lovelace", key: "cust-1")
            let first = try await host.client.createCustomer(request, options: because("new customer at counter"))
            let retried = try await host.client.createCustomer(request, options: because("new customer at counter"))
            XCTAssertEqual(first, retried)
            XCTAssertEqual(first.customer.id, "C000001")
            XCTAssertEqual(first.customer.kind, "person")
            XCTAssertEqual(first.customer.name, "Ada Lovelace")
            XCTAssertEqual(first.customer.contact.phone, "217-555-0100")
            XCTAssertEqual(first.customer.contact.email, "ada.lovelace@example.org")
            XCTAssertEqual(first.customer.contact.mailingAddress, address("PO Box 12"))

            let second = try await host.client.createCustomer(newCustomer("Springfield Grange", kind: "organization"))
            XCTAssertEqual(second.customer.id, "C000002")
            XCTAssertEqual(second.customer.kind, "organisation")

            let all = try await host.client.listCustomers(.init())
            XCTAssertEqual(all.customers.map(\.id), ["C000001", "C000002"])

            let audit = try await host.store().auditRecords(entity: "customer/C000001")
            XCTAssertEqual(audit.count, 1)
            XCTAssertEqual(audit.first?.method, "/settle.accounts.v1.Accounts/CreateCustomer")
            XCTAssertEqual(audit.first?.reason, "new customer at counter")
            XCTAssertEqual(audit.first?.actor, "uid:0")
            XCTAssertEqual(audit.first?.before, "")
            XCTAssertTrue(audit.first?.after.contains("\"name\":\"Ada Lovelace\"") ?? false, audit.first?.after ?? "")
        }
    }

    func testAKeyReusedForADifferentRequestIsRefused() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace", key: "same"))
            await assertRPCError(.failedPrecondition, containing: "idempotency key 'same' was already used") {
                try await host.client.createCustomer(newCustomer("Grace Hopper", key: "same"))
            }
            let all = try await host.client.listCustomers(.init())
            XCTAssertEqual(all.customers.count, 1)
        }
    }

    func testAMutationWithoutAKeyIsRefused() async throws {
        try await withAccountsHost { host in
            await assertRPCError(.invalidArgument, containing: "needs an idempotency key") {
                try await host.client.createCustomer(newCustomer("Ada Lovelace", key: ""))
            }
        }
    }

    func testValidationErrorsNameTheField() async throws {
        try await withAccountsHost { host in
            var request = newCustomer("Ada Lovelace")
            request.contact.email = "ada-at-example"
            await assertRPCError(.invalidArgument, containing: "contact.email 'ada-at-example'") { try await host.client.createCustomer(request) }

            request = newCustomer("Ada Lovelace")
            request.contact.phone = "12"
            await assertRPCError(.invalidArgument, containing: "contact.phone '12'") { try await host.client.createCustomer(request) }

            request = newCustomer("Ada Lovelace")
            request.contact.mailingAddress.state = "Illinois"
            await assertRPCError(.invalidArgument, containing: "contact.mailing_address.state 'Illinois'") { try await host.client.createCustomer(request) }

            request = newCustomer("Ada Lovelace")
            request.contact.mailingAddress.postalCode = "6270"
            await assertRPCError(.invalidArgument, containing: "contact.mailing_address.postal_code '6270'") { try await host.client.createCustomer(request) }

            request = newCustomer("Ada Lovelace", kind: "robot")
            await assertRPCError(.invalidArgument, containing: "kind 'robot' is not one of person, organisation") { try await host.client.createCustomer(request) }

            request = newCustomer("   ")
            await assertRPCError(.invalidArgument, containing: "name is required") { try await host.client.createCustomer(request) }

            request = newCustomer("Ada Lovelace")
            request.flags = ["Do Not Call"]
            await assertRPCError(.invalidArgument, containing: "flags 'Do Not Call'") { try await host.client.createCustomer(request) }

            let all = try await host.client.listCustomers(.init())
            XCTAssertEqual(all.customers.count, 0, "nothing is stored when a request is refused")
        }
    }

    func testUpdateKeepsUnsetFieldsAndAuditsBeforeAndAfter() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            var update = Settle_Accounts_V1_UpdateCustomerRequest()
            update.idempotencyKey = freshKey()
            update.customerID = "C000001"
            update.name = "Ada King"
            let updated = try await host.client.updateCustomer(update, options: because("marriage certificate"))
            XCTAssertEqual(updated.customer.name, "Ada King")
            XCTAssertEqual(updated.customer.kind, "person")
            XCTAssertEqual(updated.customer.contact.phone, "217-555-0100")

            let audit = try await host.store().auditRecords(entity: "customer/C000001")
            XCTAssertEqual(audit.map(\.method.lastPathComponent), ["CreateCustomer", "UpdateCustomer"])
            XCTAssertTrue(audit[1].before.contains("Ada Lovelace"))
            XCTAssertTrue(audit[1].after.contains("Ada King"))
            XCTAssertEqual(audit[1].reason, "marriage certificate")

            var empty = Settle_Accounts_V1_UpdateCustomerRequest()
            empty.idempotencyKey = freshKey()
            empty.customerID = "C000001"
            await assertRPCError(.invalidArgument, containing: "nothing to update") { try await host.client.updateCustomer(empty) }
        }
    }

    func testFlagsAreAddedAndRemovedAndKeptSorted() async throws {
        try await withAccountsHost { host in
            var create = newCustomer("Ada Lovelace")
            create.flags = ["spanish", "do-not-call", "spanish"]
            let created = try await host.client.createCustomer(create)
            XCTAssertEqual(created.customer.flags, ["do-not-call", "spanish"])

            var change = Settle_Accounts_V1_SetCustomerFlagsRequest()
            change.idempotencyKey = freshKey()
            change.customerID = "C000001"
            change.add = ["landlord"]
            change.remove = ["do-not-call"]
            let changed = try await host.client.setCustomerFlags(change)
            XCTAssertEqual(changed.customer.flags, ["landlord", "spanish"])

            change.idempotencyKey = freshKey()
            change.add = ["x"]
            change.remove = ["x"]
            await assertRPCError(.invalidArgument, containing: "flag 'x' is both in add and in remove") { try await host.client.setCustomerFlags(change) }
        }
    }

    func testUnknownAndMalformedCustomerIDs() async throws {
        try await withAccountsHost { host in
            var get = Settle_Accounts_V1_GetCustomerRequest()
            get.customerID = "C000999"
            await assertRPCError(.notFound, containing: "customer C000999 does not exist") { try await host.client.getCustomer(get) }
            get.customerID = "42"
            await assertRPCError(.invalidArgument, containing: "customer_id '42' is not a customer id") { try await host.client.getCustomer(get) }
        }
    }

    func testListByNameAndPaging() async throws {
        try await withAccountsHost { host in
            for name in ["Ada Lovelace", "Grace Hopper", "Ada Yonath", "Katherine Johnson", "Adam Smith"] {
                _ = try await host.client.createCustomer(newCustomer(name))
            }
            var list = Settle_Accounts_V1_ListCustomersRequest()
            list.nameContains = "ada"
            list.pageSize = 2
            let first = try await host.client.listCustomers(list)
            XCTAssertEqual(first.customers.map(\.name), ["Ada Lovelace", "Ada Yonath"])
            XCTAssertFalse(first.nextPageToken.isEmpty)
            list.pageToken = first.nextPageToken
            let second = try await host.client.listCustomers(list)
            XCTAssertEqual(second.customers.map(\.name), ["Adam Smith"])
            XCTAssertEqual(second.nextPageToken, "")

            list.nameContains = "%"
            list.pageToken = ""
            let literal = try await host.client.listCustomers(list)
            XCTAssertEqual(literal.customers.count, 0, "% is matched literally, not as a wildcard")
        }
    }
}

extension String {
    /// The part after the last "/": a method's short name.
    var lastPathComponent: String { split(separator: "/").last.map(String.init) ?? self }
}

final class CustomerBatchTests: XCTestCase {
    func testManyCustomersInOneCallWithUnknownIdsListed() async throws {
        try await withAccountsHost { host in
            _ = try await host.client.createCustomer(newCustomer("Ada Lovelace"))
            _ = try await host.client.createCustomer(newCustomer("Grace Hopper"))
            _ = try await host.client.addCriticalCareCertification(.with {
                $0.idempotencyKey = "cc"
                $0.customerID = "C000002"
                $0.certifiedBy = "Dr. Osei"
                $0.effectiveDate = "2026-01-01"
                $0.expiryDate = "2026-12-31"
            })
            let batch = try await host.client.getCustomers(.with { $0.customerIds = ["C000002", "C000009", "C000001", "C000002", "nonsense"] })
            XCTAssertEqual(batch.customers.map(\.name), ["Grace Hopper", "Ada Lovelace"])
            XCTAssertEqual(batch.customers.first?.criticalCare.map(\.certifiedBy), ["Dr. Osei"])
            XCTAssertEqual(batch.notFound, ["C000009", "nonsense"])
            let single = try await host.client.getCustomer(.with { $0.customerID = "C000002" })
            XCTAssertEqual(batch.customers.first, single.customer, "each as GetCustomer gives it")
        }
    }

    func testTheProtectionsViewHasOnlyCertificationsAndCasesOfEveryCustomerAsked() async throws {
        try await withAccountsHost { host in
            for name in ["Ada Lovelace", "Grace Hopper", "Edsger Dijkstra"] { _ = try await host.client.createCustomer(newCustomer(name)) }
            for (key, effective) in [("cc-1", "2026-03-01"), ("cc-2", "2026-01-01")] {
                _ = try await host.client.addCriticalCareCertification(.with {
                    $0.idempotencyKey = key
                    $0.customerID = "C000002"
                    $0.certifiedBy = "Dr. Osei \(key)"
                    $0.effectiveDate = effective
                    $0.expiryDate = "2026-12-31"
                })
            }
            _ = try await host.client.recordBankruptcyCase(.with {
                $0.idempotencyKey = "bk"
                $0.customerID = "C000003"
                $0.caseNumber = "26-10001"
                $0.chapter = 13
                $0.petitionDate = "2026-02-01"
            })
            let ids = ["C000003", "C000009", "C000001", "C000002", "C000003", "nonsense"]
            let batch = try await host.client.getCustomers(.with { $0.customerIds = ids; $0.view = .protections })
            XCTAssertEqual(batch.customers.map(\.id), ["C000003", "C000001", "C000002"])
            XCTAssertEqual(batch.notFound, ["C000009", "nonsense"])
            XCTAssertEqual(batch.customers.map(\.name), ["", "", ""], "no contact details in this view")
            let full = try await host.client.getCustomers(.with { $0.customerIds = ids })
            for (protections, whole) in zip(batch.customers, full.customers) {
                XCTAssertEqual(protections.criticalCare, whole.criticalCare, "same certifications, in the same order")
                XCTAssertEqual(protections.bankruptcyCases, whole.bankruptcyCases)
            }
            XCTAssertEqual(batch.customers[2].criticalCare.map(\.effectiveDate), ["2026-01-01", "2026-03-01"])
            XCTAssertEqual(batch.customers[0].bankruptcyCases.map(\.caseNumber), ["26-10001"])
        }
    }
}
