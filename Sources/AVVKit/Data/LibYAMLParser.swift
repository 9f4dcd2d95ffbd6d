internal import CYaml

/// A thin wrapper around libyaml's event parser (the copy that Yams ships as `CYaml`).
///
/// Events are copied into Swift values at once; no C type leaves this file. The composer
/// above it needs what `Yams.compose` does not give: the position of every key (also of a
/// duplicate one), the end of every scalar, and control over alias expansion and depth.
final class LibYAMLParser {
    /// One parse event, with positions as scalar offsets from the start of the text.
    struct Event {
        enum Kind { case streamStart, streamEnd, documentStart, documentEnd, alias, scalar,
                    sequenceStart, sequenceEnd, mappingStart, mappingEnd }
        enum ScalarStyle { case plain, singleQuoted, doubleQuoted, literal, folded }

        var kind: Kind
        var start: Int
        var end: Int
        var anchor: String?
        var tag: String?
        var value = ""
        var scalarStyle = ScalarStyle.plain
        /// A flow collection (`[…]`, `{…}`) rather than an indented block.
        var isFlow = false
    }

    /// Why the text does not parse: libyaml's own words and where.
    struct Failure: Error {
        var problem: String
        var context: String?
        /// Scalar offset of the problem; nil when libyaml gave a byte offset instead.
        var offset: Int?
        var byteOffset: Int?
        var contextOffset: Int?
    }

    private var parser = yaml_parser_t()
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private let initialized: Bool

    init(_ text: String) {
        let bytes = Array(text.utf8)
        buffer = .allocate(capacity: max(1, bytes.count))
        _ = buffer.initialize(from: bytes)
        initialized = yaml_parser_initialize(&parser) == 1
        if initialized {
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, bytes.count)
        }
    }

    deinit {
        if initialized { yaml_parser_delete(&parser) }
        buffer.deallocate()
    }

    func next() throws(Failure) -> Event {
        guard initialized else { throw Failure(problem: "out of memory") }
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let start = Int(event.start_mark.index), end = Int(event.end_mark.index)
        switch event.type {
        case YAML_STREAM_START_EVENT: return Event(kind: .streamStart, start: start, end: end)
        case YAML_STREAM_END_EVENT: return Event(kind: .streamEnd, start: start, end: end)
        case YAML_DOCUMENT_START_EVENT: return Event(kind: .documentStart, start: start, end: end)
        case YAML_DOCUMENT_END_EVENT: return Event(kind: .documentEnd, start: start, end: end)
        case YAML_ALIAS_EVENT:
            return Event(kind: .alias, start: start, end: end, anchor: string(event.data.alias.anchor))
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            var result = Event(kind: .scalar, start: start, end: end, anchor: string(scalar.anchor))
            result.tag = string(scalar.tag)  // nil unless a tag is written
            result.value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length),
                                  as: UTF8.self)
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: result.scalarStyle = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: result.scalarStyle = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: result.scalarStyle = .literal
            case YAML_FOLDED_SCALAR_STYLE: result.scalarStyle = .folded
            default: result.scalarStyle = .plain
            }
            return result
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            var result = Event(kind: .sequenceStart, start: start, end: end, anchor: string(data.anchor))
            result.tag = string(data.tag)
            result.isFlow = data.style == YAML_FLOW_SEQUENCE_STYLE
            return result
        case YAML_SEQUENCE_END_EVENT: return Event(kind: .sequenceEnd, start: start, end: end)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            var result = Event(kind: .mappingStart, start: start, end: end, anchor: string(data.anchor))
            result.tag = string(data.tag)
            result.isFlow = data.style == YAML_FLOW_MAPPING_STYLE
            return result
        case YAML_MAPPING_END_EVENT: return Event(kind: .mappingEnd, start: start, end: end)
        default: throw Failure(problem: "unexpected parser event", offset: start)
        }
    }

    private func failure() -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid syntax"
        let context = parser.context.map { String(cString: $0) }
        switch parser.error {
        case YAML_READER_ERROR:
            return Failure(problem: problem, byteOffset: Int(parser.problem_offset))
        case YAML_MEMORY_ERROR:
            return Failure(problem: "out of memory")
        default:
            return Failure(problem: problem, context: context,
                           offset: Int(parser.problem_mark.index),
                           contextOffset: context == nil ? nil : Int(parser.context_mark.index))
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
