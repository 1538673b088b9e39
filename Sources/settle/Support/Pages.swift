/// The pages of a list call, fetched in order: one page, or every page with `--all`.
///
/// Every list command pages the same way (the answer's `next_page_token` goes into the next
/// request's `page_token` until it comes back empty), so the loop is written once.
enum Pages {
    /// The items of the first page, or of every page when `all`, and the token that continues
    /// after them ("" once there are no more).
    static func collect<Request: Sendable, Item: Sendable>(
        _ request: Request, all: Bool = true, token: WritableKeyPath<Request, String>,
        _ fetch: (Request) async throws -> (items: [Item], next: String)
    ) async throws -> (items: [Item], next: String) {
        var collected: [Item] = []
        var page = request
        while true {
            let (items, next) = try await fetch(page)
            collected += items
            guard all, !next.isEmpty else { return (collected, next) }
            page[keyPath: token] = next
        }
    }
}
