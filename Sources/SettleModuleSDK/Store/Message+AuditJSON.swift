public import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// The message as an audit record's before or after: its protobuf JSON, or a note that it
    /// could not be rendered (an audit record is written either way; a mutation never fails
    /// because its record would not print).
    public var auditJSON: String { (try? jsonString()) ?? "{\"unrenderable\":true}" }
}
