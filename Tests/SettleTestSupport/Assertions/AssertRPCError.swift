public import SettleRPC
import XCTest

/// Asserts that `body` fails with an `RPCError` of `code` whose message contains each of
/// `fragments`, and returns the error for more checks.
///
/// One assertion for every test target: `message` adds context to each failure (as a loop
/// index does), `fragments` pin the text a client would see.
@discardableResult
public func assertRPCError<T>(
    _ code: StatusCode,
    containing fragments: String?...,
    message: @autoclosure () -> String = "",
    file: StaticString = #filePath,
    line: UInt = #line,
    _ body: () async throws -> T
) async -> RPCError? {
    let context = message()
    let suffix = context.isEmpty ? "" : " \(context)"
    do {
        let value = try await body()
        XCTFail("expected \(code.name), the call succeeded: \(value)\(suffix)", file: file, line: line)
    } catch let error as RPCError {
        XCTAssertEqual(error.code, code, "\(error)\(suffix)", file: file, line: line)
        for fragment in fragments.compactMap({ $0 }) {
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' lacks '\(fragment)'\(suffix)", file: file, line: line)
        }
        return error
    } catch {
        XCTFail("expected RPCError \(code.name), got \(type(of: error)): \(error)\(suffix)", file: file, line: line)
    }
    return nil
}
