import Foundation
import XCTest

/// Checks the current contracts (Protocols/settle/**/*.proto) against the committed snapshot
/// (Protocols/snapshots/contracts.snapshot): no breaking change, and the snapshot is current.
final class ProtocolCompatibilityTests: XCTestCase {
    static let snapshotFile = SnapshotScript.packageRoot.appendingPathComponent("Protocols/snapshots/contracts.snapshot")

    static let regenerate = "run `python3 Protocols/snapshot.py` from the package root and commit Protocols/snapshots/contracts.snapshot"

    private func committedSnapshotText() throws -> String {
        do {
            return try String(contentsOf: Self.snapshotFile, encoding: .utf8)
        } catch {
            XCTFail("cannot read \(Self.snapshotFile.path): \(error); \(Self.regenerate)")
            throw error
        }
    }

    /// The current .proto files as protoc reads them, through `Protocols/snapshot.py`.
    private func currentSnapshot() throws -> Snapshot {
        try Snapshot(text: try SnapshotScript.text(), source: "python3 Protocols/snapshot.py --stdout")
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

    /// The script renders every construct the contracts may use as the format says, for
    /// files protoc reads: nesting, maps, labels, oneofs, reserved ranges and names (to
    /// `max`), enum aliases and negative values, streaming kinds, the role option, public
    /// imports, proto2 labels and extensions.
    func testTheScriptRendersEveryConstructOfAFixture() throws {
        XCTAssertEqual(try SnapshotScript.text(of: ParserFixture.files), ParserFixture.expectedSnapshot)
    }
}

/// Files using every construct the snapshot records, and the snapshot they must produce.
enum ParserFixture {
    static let files: [(String, String)] = [
        ("fixture/a/fixture.proto", #"""
            /* Block comment with "quotes" and { braces } and // slashes
               over lines */
            syntax = "proto3";
            package fixture.v1;
            import public "fixture/a/other.proto";
            import "google/protobuf/descriptor.proto";
            import "google/protobuf/timestamp.proto";
            import "settle/options.proto";
            option java_package = "x.y";   // file option

            message Outer {
              option deprecated = true;
              message Inner {
                int32 x = 1;
                enum Mode { MODE_UNSPECIFIED = 0; FAST = 1 [deprecated = true]; reserved 5 to 7, 9; reserved "SLOW"; }
              }
              Inner inner = 1;
              repeated Inner.Mode modes = 2 [packed = true];
              map<string, Inner> by_name = 3;
              optional sint64 delta = 4 [json_name = "d"];
              oneof choice {
                string text = 5;
                .fixture.v1.Other other = 6;
              }
              reserved 8, 10 to 12, 100 to max;
              reserved "old", 'older';
              fixed64 hex = 0x10;
              sfixed32 octal = 017;
              google.protobuf.Timestamp at = 20;
              double ratio = 21;
            }
            enum Top { option allow_alias = true; TOP_UNSPECIFIED = 0; A = 1; B = 1; NEG = -1; reserved 40 to max; }
            service S {
              rpc Unary(Outer) returns (Other);
              rpc Up(stream Outer) returns (Other) { option (settle.required_role) = "clerk"; option deprecated = true; }
              rpc Down(Outer.Inner) returns (stream fixture.v1.Other) { option (.settle.required_role) = "ad" "min"; }
              rpc Both(stream Other) returns (stream Other) {}
            }
            extend google.protobuf.FieldOptions { repeated string tags = 50002; }
            """#),
        ("fixture/a/other.proto", """
            syntax = "proto3";
            package fixture.v1;
            message Other {}
            """),
        ("fixture/b/uses.proto", """
            syntax = "proto3";
            package fixture.v2;
            import "fixture/a/fixture.proto";
            // Refers to the other package by full and by partial name (Other through the public import).
            message UsesOld {
              fixture.v1.Outer outer = 1;
              v1.Other other = 2;
              map<int64, v1.Top> tops = 3;
              message Other { bool here = 1; }
              Other mine = 4;
            }
            """),
        ("fixture/c/legacy.proto", """
            syntax = "proto2";
            package fixture.legacy;
            message Legacy {
              required int32 id = 1;
              optional string name = 2;
              repeated int32 numbers = 3;
              extensions 100 to 199;
            }
            extend Legacy { optional bool flagged = 100; }
            """),
    ]

    static let expectedSnapshot = (Snapshot.header + [
        "message fixture.legacy.Legacy",
        "field fixture.legacy.Legacy 1 id int32 required",
        "field fixture.legacy.Legacy 2 name string optional",
        "field fixture.legacy.Legacy 3 numbers int32 repeated",
        "extension fixture.legacy.flagged fixture.legacy.Legacy 100 bool optional",
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
        "reserved fixture.v1.Top number 40-max",
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
