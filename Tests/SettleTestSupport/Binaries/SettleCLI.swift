/// The `settle` binary against one host's socket: what an operator types.
public enum SettleCLI {
    /// Runs `settle ARGUMENTS --socket SOCKET`, killed after 30 s.
    public static func run(_ arguments: [String], socket: String) async throws -> CommandRun {
        try await BinaryRunner.run("settle", arguments + ["--socket", socket])
    }

    /// The binary's path; a test calls it first to fail at once when `settle` is not built.
    @discardableResult
    public static func binary() throws -> String {
        try BuiltBinary.path("settle")
    }
}
