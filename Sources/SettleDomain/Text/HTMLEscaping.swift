/// Text placed inside HTML: Reporting's documents and the CLI's `--html` output both write
/// customers' names, addresses and notes into markup, and must escape them the same way.
public enum HTMLEscaping {
    /// `&`, `<`, `>` and `"` as entities; everything else as it is.
    public static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
