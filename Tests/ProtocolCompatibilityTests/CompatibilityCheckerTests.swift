import XCTest

/// The checker on before/after snippets: each breaking change is named precisely, additions pass.
final class CompatibilityCheckerTests: XCTestCase {
    private static let base = """
        syntax = "proto3";
        package demo.v1;
        import "settle/options.proto";

        service Demo {
          rpc Get(GetRequest) returns (Item) { option (settle.required_role) = "viewer"; }
          rpc Watch(GetRequest) returns (stream Item) { option (settle.required_role) = "viewer"; }
          rpc Purge(GetRequest) returns (Item) { option (settle.required_role) = "admin"; }
        }

        message GetRequest { string id = 1; }

        message Item {
          string id = 1;
          int32 count = 2;
          repeated string tags = 3;
          Kind kind = 4;
          oneof source {
            string file = 5;
            string url = 6;
          }
          reserved 9;
          reserved "legacy";
        }

        enum Kind {
          KIND_UNSPECIFIED = 0;
          SMALL = 1;
          LARGE = 2;
        }
        """

    /// The breaking changes from `before` to `after`, each read by protoc through the
    /// snapshot script, as the committed snapshot and the current files are.
    private func changes(from before: String = base, to after: String) throws -> [String] {
        let committed = try SnapshotScript.snapshot(of: [("demo/demo.proto", before)], source: "before.snapshot")
        let current = try SnapshotScript.snapshot(of: [("demo/demo.proto", after)], source: "after.snapshot")
        return CompatibilityChecker.breakingChanges(from: committed, to: current)
    }

    private func replacing(_ old: String, with new: String) -> String {
        precondition(Self.base.contains(old), "the base snippet has no \(old)")
        return Self.base.replacingOccurrences(of: old, with: new)
    }

    func testNothingChangedIsCompatible() throws {
        XCTAssertEqual(try changes(to: Self.base), [])
    }

    func testAdditionsAreCompatible() throws {
        let after = replacing("  reserved 9;\n", with: """
              reserved 9, 20 to 30;
              uint64 size = 7;
              map<string, Kind> by_name = 8;
              optional bool flagged = 10;
              message Note { string text = 1; }
              repeated Note notes = 11;
            """ + "\n")
            .replacingOccurrences(of: "  LARGE = 2;\n", with: "  LARGE = 2;\n  HUGE = 3;\n  reserved 7;\n")
            .replacingOccurrences(of: "    string url = 6;\n", with: "    string url = 6;\n    bytes inline = 12;\n")
            .replacingOccurrences(of: "service Demo {\n", with: """
                service Demo {
                  rpc List(GetRequest) returns (stream Item) { option (settle.required_role) = "viewer"; }
                  option deprecated = false;
                """ + "\n")
            + """

            message Extra { Item item = 1; }
            enum Color { COLOR_UNSPECIFIED = 0; }
            service Other { rpc Ping(GetRequest) returns (GetRequest) { option (settle.required_role) = "viewer"; } }
            """
        XCTAssertEqual(try changes(to: after), [])
    }

    func testRemovedFieldMustBeReserved() throws {
        XCTAssertEqual(try changes(to: replacing("  int32 count = 2;\n", with: "")), [
            "field demo.v1.Item.count (number 2) was removed without reserving its number: add `reserved 2;` (and `reserved \"count\";`) to message demo.v1.Item so the number is never reused",
        ])
        XCTAssertEqual(try changes(to: replacing("  int32 count = 2;\n", with: "  reserved 2;\n  reserved \"count\";\n")), [])
        XCTAssertEqual(try changes(to: replacing("  int32 count = 2;\n", with: "").replacingOccurrences(of: "reserved 9;", with: "reserved 2, 9;")), [])
    }

    func testTypeChangesAreBreakingEvenBetweenIntegerWidths() throws {
        XCTAssertEqual(try changes(to: replacing("int32 count = 2;", with: "int64 count = 2;")), [
            "field demo.v1.Item.count (number 2) changed type from int32 to int64",
        ])
        XCTAssertEqual(try changes(to: replacing("int32 count = 2;", with: "sint32 count = 2;")), [
            "field demo.v1.Item.count (number 2) changed type from int32 to sint32",
        ])
        XCTAssertEqual(try changes(to: replacing("Kind kind = 4;", with: "int32 kind = 4;")), [
            "field demo.v1.Item.kind (number 4) changed type from demo.v1.Kind to int32",
        ])
    }

    func testLabelChangesAreBreaking() throws {
        XCTAssertEqual(try changes(to: replacing("repeated string tags = 3;", with: "string tags = 3;")), [
            "field demo.v1.Item.tags (number 3) changed label from repeated to singular",
        ])
        XCTAssertEqual(try changes(to: replacing("int32 count = 2;", with: "optional int32 count = 2;")), [
            "field demo.v1.Item.count (number 2) changed label from singular to optional",
        ])
        XCTAssertEqual(try changes(to: replacing("repeated string tags = 3;", with: "map<string, string> tags = 3;")), [
            "field demo.v1.Item.tags (number 3) changed type from string to map<string,string>",
            "field demo.v1.Item.tags (number 3) changed label from repeated to singular",
        ])
    }

    func testOneofMembershipChangesAreBreakingButARenamedOneofIsNot() throws {
        XCTAssertEqual(try changes(to: replacing("    string url = 6;\n  }\n", with: "  }\n  string url = 6;\n")), [
            "field demo.v1.Item.url (number 6) changed label from oneof source to singular",
        ])
        XCTAssertEqual(try changes(to: replacing("  string id = 1;\n  int32 count", with: "  oneof key { string id = 1; }\n  int32 count")), [
            "field demo.v1.Item.id (number 1) changed label from singular to oneof key",
        ])
        XCTAssertEqual(try changes(to: replacing("oneof source {", with: "oneof origin {")), [])
        XCTAssertEqual(try changes(to: replacing("    string url = 6;\n  }\n", with: "  }\n  oneof other { string url = 6; }\n")), [
            "field demo.v1.Item.url (number 6) moved from oneof source to oneof other",
        ])
    }

    func testRenamedFieldBreaksJSON() throws {
        XCTAssertEqual(try changes(to: replacing("int32 count = 2;", with: "int32 quantity = 2;")), [
            "field demo.v1.Item number 2 was renamed from count to quantity: protobuf-JSON names fields, so JSON clients break",
        ])
    }

    func testDroppingAReservationIsBreaking() throws {
        XCTAssertEqual(try changes(to: replacing("  reserved 9;\n  reserved \"legacy\";\n", with: "")), [
            "message demo.v1.Item no longer reserves 9: reserved numbers must stay reserved so they are never reused",
            "message demo.v1.Item no longer reserves the name \"legacy\": reserved names must stay reserved so they are never reused",
        ])
        XCTAssertEqual(try changes(to: replacing("reserved 9;", with: "reserved 8 to 10;")), [])
    }

    func testEnumValueRemovedOrRenamed() throws {
        XCTAssertEqual(try changes(to: replacing("  LARGE = 2;\n", with: "")), [
            "enum value demo.v1.Kind.LARGE (number 2) was removed without reserving its number: add `reserved 2;` (and `reserved \"LARGE\";`) to enum demo.v1.Kind",
        ])
        XCTAssertEqual(try changes(to: replacing("  LARGE = 2;\n", with: "  reserved 2;\n")), [])
        XCTAssertEqual(try changes(to: replacing("LARGE = 2;", with: "BIG = 2;")), [
            "enum value demo.v1.Kind number 2 was renamed from LARGE to BIG: protobuf-JSON writes enum values by name, so JSON clients break",
        ])
    }

    func testRemovedMessageAndEnum() throws {
        let withoutEnum = replacing("enum Kind {\n  KIND_UNSPECIFIED = 0;\n  SMALL = 1;\n  LARGE = 2;\n}", with: "")
            .replacingOccurrences(of: "Kind kind = 4;", with: "reserved 4;")
        XCTAssertEqual(try changes(to: withoutEnum), [
            "enum demo.v1.Kind was removed (or renamed): fields of that type no longer decode",
        ])
        let renamedMessage = replacing("message GetRequest { string id = 1; }", with: "message Lookup { string id = 1; }")
            .replacingOccurrences(of: "(GetRequest)", with: "(Lookup)")
        XCTAssertEqual(try changes(to: renamedMessage), [
            "message demo.v1.GetRequest was removed (or renamed): clients still send and expect it",
            "method /demo.v1.Demo/Get request type changed from demo.v1.GetRequest to demo.v1.Lookup",
            "method /demo.v1.Demo/Purge request type changed from demo.v1.GetRequest to demo.v1.Lookup",
            "method /demo.v1.Demo/Watch request type changed from demo.v1.GetRequest to demo.v1.Lookup",
        ])
    }

    func testNestedMessageRemoved() throws {
        let before = "syntax = \"proto3\"; package n.v1; message A { message B { int32 x = 1; } B b = 1; }"
        let after = "syntax = \"proto3\"; package n.v1; message A { reserved 1; }"
        XCTAssertEqual(try changes(from: before, to: after), [
            "message n.v1.A.B was removed (or renamed): clients still send and expect it",
        ])
    }

    func testServiceAndMethodRemovedOrRenamed() throws {
        XCTAssertEqual(try changes(to: replacing("service Demo {", with: "service Demos {")), [
            "service demo.v1.Demo was removed (or renamed): every call to its 3 method(s) now fails with UNIMPLEMENTED",
        ])
        XCTAssertEqual(try changes(to: replacing("rpc Purge(", with: "rpc PurgeAll(")), [
            "method /demo.v1.Demo/Purge was removed (or renamed): its callers now get UNIMPLEMENTED",
        ])
    }

    func testMethodTypesAndStreamingKind() throws {
        XCTAssertEqual(try changes(to: replacing("rpc Get(GetRequest) returns (Item)", with: "rpc Get(GetRequest) returns (GetRequest)")), [
            "method /demo.v1.Demo/Get response type changed from demo.v1.Item to demo.v1.GetRequest",
        ])
        XCTAssertEqual(try changes(to: replacing("rpc Watch(GetRequest) returns (stream Item)", with: "rpc Watch(GetRequest) returns (Item)")), [
            "method /demo.v1.Demo/Watch changed from server_streaming to unary",
        ])
        XCTAssertEqual(try changes(to: replacing("rpc Get(GetRequest)", with: "rpc Get(stream GetRequest)")), [
            "method /demo.v1.Demo/Get changed from unary to client_streaming",
        ])
    }

    func testRequiredRoleRaisedOrLowered() throws {
        XCTAssertEqual(try changes(to: replacing("rpc Get(GetRequest) returns (Item) { option (settle.required_role) = \"viewer\"; }",
                                                 with: "rpc Get(GetRequest) returns (Item) { option (settle.required_role) = \"clerk\"; }")), [
            "method /demo.v1.Demo/Get required role raised from viewer to clerk: a contract change (callers below clerk are now refused with PERMISSION_DENIED)",
        ])
        XCTAssertEqual(try changes(to: replacing("= \"admin\"", with: "= \"supervisor\"")), [
            "method /demo.v1.Demo/Purge required role lowered from admin to supervisor: a contract change (callers below admin are now let in)",
        ])
        XCTAssertEqual(try changes(to: replacing("{ option (settle.required_role) = \"admin\"; }", with: ";")), [
            "method /demo.v1.Demo/Purge required role changed from admin to -: a contract change",
        ])
    }

    func testExtensionChanges() throws {
        let before = "syntax = \"proto3\"; package settle; import \"google/protobuf/descriptor.proto\"; extend google.protobuf.MethodOptions { string required_role = 50001; }"
        XCTAssertEqual(try changes(from: before, to: before), [])
        XCTAssertEqual(try changes(from: before, to: before.replacingOccurrences(of: "50001", with: "50002")), [
            "extension settle.required_role (number 50001 of google.protobuf.MethodOptions) was removed (or renumbered): options and data written with it no longer read back",
        ])
        XCTAssertEqual(try changes(from: before, to: before.replacingOccurrences(of: "string required_role", with: "int32 required_role")), [
            "extension settle.required_role (number 50001 of google.protobuf.MethodOptions) changed type from string to int32",
        ])
    }

    func testSeveralChangesAreAllReported() throws {
        let after = replacing("int32 count = 2;", with: "int64 count = 2;")
            .replacingOccurrences(of: "SMALL = 1;", with: "")
            .replacingOccurrences(of: "= \"admin\"", with: "= \"viewer\"")
        XCTAssertEqual(try changes(to: after), [
            "field demo.v1.Item.count (number 2) changed type from int32 to int64",
            "enum value demo.v1.Kind.SMALL (number 1) was removed without reserving its number: add `reserved 1;` (and `reserved \"SMALL\";`) to enum demo.v1.Kind",
            "method /demo.v1.Demo/Purge required role lowered from admin to viewer: a contract change (callers below admin are now let in)",
        ])
    }

    // MARK: - Reading the files

    /// A file protoc cannot read fails the snapshot with protoc's own words: the file, the
    /// line and what is wrong (nothing is guessed around it).
    func testAProtoFileProtocRejectsIsNamedWithItsLine() {
        XCTAssertThrowsError(try SnapshotScript.text(of: [("bad/bad.proto", "syntax = \"proto3\";\nmessage M {\n  string a = ;\n}\n")])) { error in
            XCTAssertTrue("\(error)".contains("bad/bad.proto:3:"), "\(error)")
        }
        XCTAssertThrowsError(try SnapshotScript.text(of: [("bad/open.proto", "syntax = \"proto3\";\nmessage M { string a = 1; ")])) { error in
            XCTAssertTrue("\(error)".contains("bad/open.proto:"), "\(error)")
        }
        XCTAssertThrowsError(try SnapshotScript.text(of: [("bad/unknown.proto", "syntax = \"proto3\";\nmessage M { Missing m = 1; }\n")])) { error in
            XCTAssertTrue("\(error)".contains("\"Missing\" is not defined"), "\(error)")
        }
    }

    func testSnapshotReaderRejectsMalformedLines() {
        XCTAssertThrowsError(try Snapshot(text: "message a.B\nfield a.B x id string\n", source: "s")) { error in
            XCTAssertEqual("\(error)", "s:2: \"x\" is not a number: field a.B x id string")
        }
        XCTAssertThrowsError(try Snapshot(text: "rpc a.S/M a.R a.R unary viewer\n", source: "s")) { error in
            XCTAssertEqual("\(error)", "s:1: rpc of a service not declared above: rpc a.S/M a.R a.R unary viewer")
        }
    }
}
