import Foundation
import XCTest

/// Checks the current contracts (Protocols/settle/**/*.proto) against the committed snapshot
/// (Protocols/snapshots/contracts.snapshot): no breaking change, and the snapshot is current.
final class ProtocolCompatibilityTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let protoRoot = packageRoot.appendingPathComponent("Protocols/settle")
    static let snapshotFile = packageRoot.appendingPathComponent("Protocols/snapshots/contracts.snapshot")

    static let regenerate = "run `python3 Protocols/snapshot.py` from the package root and commit Protocols/snapshots/contracts.snapshot"

    private func committedSnapshotText() throws -> String {
        do {
            return try String(contentsOf: Self.snapshotFile, encoding: .utf8)
        } catch {
            XCTFail("cannot read \(Self.snapshotFile.path): \(error); \(Self.regenerate)")
            throw error
        }
    }

    private func currentSnapshot() throws -> Snapshot {
        try ProtoFiles.load(root: Self.protoRoot).snapshot()
    }

    /// Every breaking change between the committed snapshot and the current .proto files.
    func testCurrentContractsHaveNoBreakingChanges() throws {
        let committed = try Snapshot(text: try committedSnapshotText(), source: "Protocols/snapshots/contracts.snapshot")
        let problems = CompatibilityChecker.breakingChanges(from: committed, to: try currentSnapshot())
        for problem in problems {
            XCTFail("breaking contract change: \(problem)")
        }
        if !problems.isEmpty {
            XCTFail("""
                \(problems.count) breaking change(s) against Protocols/snapshots/contracts.snapshot. Clients built \
                against the committed contracts would break. Keep the old shape (reserve removed numbers and names; \
                add new fields and methods instead of changing existing ones), or introduce a new version of the \
                contract (e.g. settle.accounts.v2). Regenerating the snapshot accepts a break knowingly: \
                see Protocols/snapshots/README.md.
                """)
        }
    }

    /// The committed snapshot must describe the current files exactly, so that the next change
    /// is compared with what is really there (a new method or field fails here until accepted).
    func testCommittedSnapshotIsCurrent() throws {
        let committed = try committedSnapshotText()
        let rendered = try currentSnapshot().text
        guard committed != rendered else { return }
        let committedLines = Set(committed.split(separator: "\n"))
        let renderedLines = Set(rendered.split(separator: "\n"))
        let removed = committedLines.subtracting(renderedLines).sorted().map { "  - \($0)" }
        let added = renderedLines.subtracting(committedLines).sorted().map { "  + \($0)" }
        XCTFail("""
            Protocols/snapshots/contracts.snapshot is not current: it differs from what the .proto files under Protocols/settle describe.
            If testCurrentContractsHaveNoBreakingChanges passes, the change is compatible: \(Self.regenerate).
            Differences (- committed, + current):
            \((removed + added).joined(separator: "\n"))
            """)
    }

    /// The snapshot reader gives back exactly what was written.
    func testSnapshotRoundTrips() throws {
        let committed = try committedSnapshotText()
        let read = try Snapshot(text: committed, source: "contracts.snapshot")
        XCTAssertEqual(read.text, committed)
        XCTAssertFalse(read.services.isEmpty, "the snapshot holds no service")
        for line in [
            "rpc settle.host.v1.Host/Health settle.host.v1.HealthRequest settle.host.v1.HealthResponse unary viewer",
            "field settle.host.v1.HealthResponse 1 status string",
        ] {
            XCTAssertTrue(committed.contains("\n\(line)\n"), "the snapshot lacks the line \(line)")
        }
    }

    /// Protocols/snapshot.py and this parser must render the same text for the current files
    /// (not only for the committed snapshot), and for a fixture using every construct they read.
    func testPythonScriptAndSwiftParserRenderTheSameSnapshot() throws {
        let fromPython = try runSnapshotScript([])
        XCTAssertEqual(fromPython, try currentSnapshot().text, "Protocols/snapshot.py and the Swift parser disagree on the current .proto files")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("proto-fixture-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in ParserFixture.files {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let swift = try ProtoFiles.load(root: folder).snapshot().text
        XCTAssertEqual(swift, ParserFixture.expectedSnapshot, "the Swift parser misreads the fixture")
        XCTAssertEqual(try runSnapshotScript(["--root", folder.path]), ParserFixture.expectedSnapshot, "Protocols/snapshot.py misreads the fixture")
    }

    private func runSnapshotScript(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.packageRoot.appendingPathComponent("Protocols/snapshot.py").path, "--stdout"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw XCTSkip("cannot run python3: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 { throw XCTSkip("python3 is not installed: \(errorText)") }
        guard process.terminationStatus == 0 else {
            XCTFail("python3 Protocols/snapshot.py --stdout \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(errorText)")
            return ""
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Two files using every construct both parsers read, and the snapshot they must produce.
enum ParserFixture {
    static let files: [(String, String)] = [
        ("a/fixture.proto", #"""
            /* Block comment with "quotes" and { braces } and // slashes
               over lines */
            syntax = "proto3";
            package fixture.v1;
            import public "other.proto";
            option java_package = "x.y";   // file option
            option (my.opt) = { a: 1 b: "}" };

            message Outer {
              option deprecated = true;
              message Inner {
                int32 x = 1;
                enum Mode { MODE_UNSPECIFIED = 0; FAST = 1 [deprecated = true]; reserved 5 to 7, 9; reserved "SLOW"; }
              }
              Inner inner = 1;
              repeated Inner.Mode modes = 2 [packed = true];
              map<string, Inner> by_name = 3;
              optional sint64 delta = 4 [json_name = "d", (x.y) = "[]"];
              oneof choice {
                option (z) = true;
                string text = 5;
                .fixture.v1.Other other = 6;
              }
              reserved 8, 10 to 12, 100 to max;
              reserved "old", 'older';
              fixed64 hex = 0x10;
              sfixed32 octal = 017;
              google.protobuf.Timestamp at = 20;
              extensions 1000 to 2000;
              double ratio = 21 [default = -1.5e-3];
            }
            message Other {}
            enum Top { option allow_alias = true; TOP_UNSPECIFIED = 0; A = 1; B = 1; NEG = -1; }
            service S {
              option (svc) = "x";
              rpc Unary(Outer) returns (Other);
              rpc Up(stream Outer) returns (Other) { option (settle.required_role) = "clerk"; option deprecated = true; }
              rpc Down(Outer.Inner) returns (stream fixture.v1.Other) { option (.settle.required_role) = "ad" "min"; }
              rpc Both(stream Other) returns (stream Other) {}
            }
            extend google.protobuf.FieldOptions { repeated string tags = 50002; }
            """#),
        ("b/uses.proto", """
            syntax = "proto3";
            package fixture.v2;
            // Refers to the other package by full and by partial name.
            message UsesOld {
              fixture.v1.Outer outer = 1;
              v1.Other other = 2;
              map<int64, v1.Top> tops = 3;
              message Other { bool here = 1; }
              Other mine = 4;
            }
            """),
    ]

    static let expectedSnapshot = (Snapshot.header + [
        "message fixture.v1.Other",
        "message fixture.v1.Outer",
        "field fixture.v1.Outer 1 inner fixture.v1.Outer.Inner",
        "field fixture.v1.Outer 2 modes fixture.v1.Outer.Inner.Mode repeated",
        "field fixture.v1.Outer 3 by_name map<string,fixture.v1.Outer.Inner>",
        "field fixture.v1.Outer 4 delta sint64 optional",
        "field fixture.v1.Outer 5 text string oneof:choice",
        "field fixture.v1.Outer 6 other fixture.v1.Other oneof:choice",
        "field fixture.v1.Outer 15 octal sfixed32",
        "field fixture.v1.Outer 16 hex fixed64",
        "field fixture.v1.Outer 20 at google.protobuf.Timestamp",
        "field fixture.v1.Outer 21 ratio double",
        "reserved fixture.v1.Outer number 8",
        "reserved fixture.v1.Outer number 10-12",
        "reserved fixture.v1.Outer number 100-max",
        "reserved fixture.v1.Outer name old",
        "reserved fixture.v1.Outer name older",
        "message fixture.v1.Outer.Inner",
        "field fixture.v1.Outer.Inner 1 x int32",
        "enum fixture.v1.Outer.Inner.Mode",
        "value fixture.v1.Outer.Inner.Mode 0 MODE_UNSPECIFIED",
        "value fixture.v1.Outer.Inner.Mode 1 FAST",
        "reserved fixture.v1.Outer.Inner.Mode number 5-7",
        "reserved fixture.v1.Outer.Inner.Mode number 9",
        "reserved fixture.v1.Outer.Inner.Mode name SLOW",
        "service fixture.v1.S",
        "rpc fixture.v1.S/Both fixture.v1.Other fixture.v1.Other bidi_streaming -",
        "rpc fixture.v1.S/Down fixture.v1.Outer.Inner fixture.v1.Other server_streaming admin",
        "rpc fixture.v1.S/Unary fixture.v1.Outer fixture.v1.Other unary -",
        "rpc fixture.v1.S/Up fixture.v1.Outer fixture.v1.Other client_streaming clerk",
        "enum fixture.v1.Top",
        "value fixture.v1.Top -1 NEG",
        "value fixture.v1.Top 0 TOP_UNSPECIFIED",
        "value fixture.v1.Top 1 A",
        "value fixture.v1.Top 1 B",
        "extension fixture.v1.tags google.protobuf.FieldOptions 50002 string repeated",
        "message fixture.v2.UsesOld",
        "field fixture.v2.UsesOld 1 outer fixture.v1.Outer",
        "field fixture.v2.UsesOld 2 other fixture.v1.Other",
        "field fixture.v2.UsesOld 3 tops map<int64,fixture.v1.Top>",
        "field fixture.v2.UsesOld 4 mine fixture.v2.UsesOld.Other",
        "message fixture.v2.UsesOld.Other",
        "field fixture.v2.UsesOld.Other 1 here bool",
    ]).joined(separator: "\n") + "\n"
}
