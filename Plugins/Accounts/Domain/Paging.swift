import Foundation
import SettleRPC

/// Keyset paging: a page token is the last key of the previous page, made opaque.
///
/// Keyset (not offset) paging means a page costs the same however deep it is, and rows
/// added or changed between pages never make a row appear twice or be skipped.
struct Paging: Sendable {
    /// Rows per page, after defaulting and clamping to the method's maximum.
    let limit: Int
    /// The key the page starts after, nil for the first page.
    let after: String?

    /// Reads `page_size` and `page_token` of a listing request.
    ///
    /// - Parameter scope: which listing the token belongs to (e.g. "agreements"), so a token
    ///   from another method is refused instead of silently misread.
    init(pageSize: UInt32, pageToken: String, scope: String, defaultSize: Int, maximumSize: Int) throws(RPCError) {
        limit = pageSize == 0 ? defaultSize : min(Int(pageSize), maximumSize)
        if pageToken.isEmpty {
            after = nil
            return
        }
        let prefix = "\(scope):"
        guard let data = Data(base64Encoded: Self.padded(pageToken)),
              let text = String(data: data, encoding: .utf8), text.hasPrefix(prefix), text.count > prefix.count
        else {
            throw AccountsError.invalidArgument("page_token '\(pageToken)' is not one this method returned; pass next_page_token unchanged, with the same filters")
        }
        after = String(text.dropFirst(prefix.count))
    }

    /// The key as an integer, for listings keyed by number.
    func afterInteger() throws(RPCError) -> Int64? {
        guard let after else { return nil }
        guard let value = Int64(after) else {
            throw AccountsError.invalidArgument("page_token is not one this method returned; pass next_page_token unchanged")
        }
        return value
    }

    /// The token for the page after the one ending with `lastKey`.
    static func token(scope: String, lastKey: String) -> String {
        Data("\(scope):\(lastKey)".utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "")
    }

    private static func padded(_ token: String) -> String {
        token + String(repeating: "=", count: (4 - token.count % 4) % 4)
    }
}
