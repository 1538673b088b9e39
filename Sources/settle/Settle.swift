import ArgumentParser

/// `settle`: the operator's and specialist's command line for a running Settle host.
@main
struct Settle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Work with a running Settle host over its socket.",
        discussion: """
            The socket is --socket, else $SETTLE_SOCKET, else ./data/settled.sock.
            Output is a table for people; --json prints protobuf-JSON for scripts.
            Exit codes: 0 success; 1–16 the gRPC status code the host answered with \
            (e.g. 5 NOT_FOUND, 7 PERMISSION_DENIED, 14 UNAVAILABLE when no host answers); \
            64 a usage error.
            """,
        subcommands: [Health.self, Modules.self, Methods.self, WhoAmI.self, Admin.self, Audit.self, CustomerCommand.self, PremiseCommand.self, AccountCommand.self, AgreementCommand.self, MeterCommand.self, ReadsCommand.self, VeeCommand.self, LedgerCommand.self, PaymentsCommand.self, CollectionsCommand.self, TariffCommand.self, BillCommand.self, ProgramCommand.self, WastewaterCommand.self, CalendarCommand.self, ReportCommand.self, StatementCommand.self, RefundCommand.self, BankruptcyCommand.self]
    )
}
