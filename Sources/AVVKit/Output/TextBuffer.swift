import Foundation

/// Lines of plain text streamed into one byte buffer, for ``TextWriter``: each line is
/// written once, where it ends up, and followed by a line feed.
///
/// Two things are decided only when the next line comes:
/// - the blank line between blocks: a block asks for it with ``blankPending``, and it is
///   written only when a line follows (no blank line at the start or end of anything);
/// - a label (`(1)`, `a)`, `•`, `§ 3`, `Ort, Datum:`) waits from ``pushLabel(_:at:width:)``
///   for the first line of its content and goes into that line's indentation when there is
///   room, or stands on a line of its own before it; labels of nested blocks that wait for
///   the same line are placed innermost first. A label whose content had no line stands
///   alone (``popLabel(_:)``).
///
/// Lines are counted in characters (grapheme clusters). Plain text (ASCII, Latin letters,
/// common punctuation) is handled byte by byte; anything else goes through `String` and
/// `Character`, so that the result is the same for every text.
/// Spaces to copy indentation from.
private let spaces = [UInt8](repeating: 0x20, count: 80)

struct TextBuffer {
    private(set) var bytes: [UInt8]
    /// Lines written, blank ones included.
    private(set) var lineCount = 0
    /// Whether a blank line goes before the next line.
    var blankPending = false
    /// Whether each line loses its trailing white space as it is finished.
    let trims: Bool

    private struct Label {
        var text: String
        var indent: Int
        /// Characters from `indent` to the content.
        var width: Int
        /// The characters of `text` after `indent` spaces.
        var lineCount: Int
    }

    /// Labels waiting for the next line, outermost first.
    private var labels: [Label] = []
    /// Where the line being written starts.
    private var lineStart = 0

    init(capacity: Int, trims: Bool = true) {
        bytes = []
        bytes.reserveCapacity(capacity)
        self.trims = trims
    }

    // MARK: - Lines

    /// Starts a line (after the pending blank line, if any); append its bytes, then call
    /// ``endLine(trimming:)``.
    mutating func beginLine() {
        writePendingBlank()
        lineStart = bytes.count
    }

    /// Finishes the line begun last: places waiting labels, trims, adds the line feed.
    /// `trimming` trims the line before the labels are placed too (lines that were trimmed
    /// before the labels were put into them, such as table rows).
    mutating func endLine(trimming: Bool = false) {
        if trimming { trimLine() }
        if !labels.isEmpty {
            placeLabels()
            return
        }
        if trims { trimLine() }
        bytes.append(0x0A)
        lineCount += 1
    }

    /// Whether a label waits for the next line (``pushLabel(_:at:width:)``).
    var hasWaitingLabels: Bool { !labels.isEmpty }

    /// Writes the pending blank line now, as the next line would.
    mutating func writePendingBlank() {
        if blankPending {
            bytes.append(0x0A)
            lineCount += 1
            blankPending = false
        }
    }

    /// Finished lines, each ending in a line feed, copied as they are: what this buffer wrote
    /// before from the same state (no label waiting, no blank line pending).
    mutating func appendFinishedLines(_ lines: [UInt8], count: Int) {
        lines.withUnsafeBufferPointer { appendFinishedLines($0, count: count) }
    }

    mutating func appendFinishedLines(_ lines: UnsafeBufferPointer<UInt8>, count: Int) {
        lineStart = bytes.count
        bytes.append(contentsOf: lines)
        lineCount += count
    }

    /// One whole line.
    mutating func appendLine(_ text: String) {
        beginLine()
        append(text)
        endLine()
    }

    mutating func append(_ text: String) {
        text.withUTF8Bytes { bytes.append(contentsOf: $0) }
    }

    mutating func appendSpaces(_ count: Int) {
        var count = count
        while count > 0 {
            let run = min(count, spaces.count)
            spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<run])) }
            count -= run
        }
    }

    /// Removes trailing white space from the line being written.
    private mutating func trimLine() {
        let end = bytes.count
        let start = lineStart
        let visible = bytes.withUnsafeBufferPointer { TextLayout.endsVisibly($0, start: start, end: end) }
        if visible { return }
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        let trimmed = TextLayout.trimmedTrailingSpaces(line)
        bytes.removeSubrange(start..<end)
        append(trimmed)
    }

    /// Appends the line feed to what is at the end of the buffer.
    private mutating func finishLine(_ line: [UInt8]) {
        lineStart = bytes.count
        bytes.append(contentsOf: line)
        if trims { trimLine() }
        bytes.append(0x0A)
        lineCount += 1
    }

    // MARK: - Labels

    /// Lets `label` wait for the next line, whose content starts at `indent + width`; returns
    /// what ``popLabel(_:)`` needs.
    mutating func pushLabel(_ label: String, at indent: Int, width: Int) -> Int {
        var count = TextLayout.count(label)
        if indent > 0, let first = label.utf8.first, first >= 0x80,
            !label.withUTF8Bytes({ TextLayout.isPlainScalar(TextLayout.firstScalar($0, at: 0)) })
        {
            // What starts the label might belong to the last space's character.
            count = (TextLayout.pad(indent) + label).count - indent
        }
        labels.append(Label(text: label, indent: max(0, indent), width: width, lineCount: count))
        return labels.count - 1
    }

    /// Ends the content of the label `pushLabel` returned `token` for: a label still waiting
    /// (its content had no line) gets a line of its own.
    mutating func popLabel(_ token: Int) {
        guard labels.count > token else { return }
        let label = labels.removeLast()
        beginLine()
        appendSpaces(label.indent)
        append(label.text)
        endLine()
    }

    /// Puts the waiting labels into the line just written, innermost first: each into the
    /// indentation when it has room (the line's leading spaces reach `indent + width` and the
    /// label ends before that), otherwise on a line of its own before the line.
    private mutating func placeLabels() {
        // In place while the labels fit: the label replaces as many of the leading spaces as
        // it has characters.
        var remaining = labels.count
        while remaining > 0 {
            let label = labels[remaining - 1]
            let inner = label.indent + label.width
            guard label.indent + label.lineCount < inner else { break }
            let start = lineStart
            let leading = bytes.withUnsafeBufferPointer {
                TextLayout.leadingSpaces(UnsafeBufferPointer(rebasing: $0[start...]))
            }
            guard leading >= inner else { break }
            let from = lineStart + label.indent
            let to = from + label.lineCount
            label.text.withUTF8Bytes { text in
                if text.count == label.lineCount {
                    bytes.withUnsafeMutableBufferPointer { buffer in
                        for i in 0..<text.count { buffer[from + i] = text[i] }
                    }
                } else {
                    bytes.replaceSubrange(from..<to, with: text)
                }
            }
            remaining -= 1
        }
        if remaining == 0 {
            labels.removeAll(keepingCapacity: true)
            if trims { trimLine() }
            bytes.append(0x0A)
            lineCount += 1
            return
        }
        // A label that does not fit stands on a line of its own, and so may the labels
        // around it.
        var line = Array(bytes[lineStart...])
        bytes.removeSubrange(lineStart...)
        var following: [[UInt8]] = []
        for label in labels[0..<remaining].reversed() {
            var labelLine = [UInt8](repeating: 0x20, count: label.indent)
            label.text.withUTF8Bytes { labelLine.append(contentsOf: $0) }
            let inner = label.indent + label.width
            let labelLineCount = label.indent + label.lineCount
            let leading = line.withUnsafeBufferPointer { TextLayout.leadingSpaces($0) }
            if leading >= inner, labelLineCount < inner {
                labelLine.append(contentsOf: repeatElement(0x20, count: inner - labelLineCount))
                labelLine.append(contentsOf: line[inner...])
            } else {
                following.append(line)
            }
            line = labelLine
        }
        labels.removeAll(keepingCapacity: true)
        finishLine(line)
        for line in following.reversed() { finishLine(line) }
    }

    // MARK: - Wrapping

    /// Fills lines up to `width`, each starting at `indent` (the very first at `firstIndent`
    /// when given); each segment starts a new line.
    ///
    /// A word that does not fit at its indent but is no wider than `width` moves left just
    /// enough to fit; only a word wider than `width` overflows.
    mutating func wrap(_ segments: [String], indent: Int, firstIndent: Int? = nil, width: Int) {
        var first = true
        for segment in segments {
            segment.withUTF8Bytes { wrap($0, indent: indent, firstIndent: firstIndent, width: width, first: &first) }
        }
    }

    /// ``wrap(_:indent:firstIndent:width:)`` for one segment, cleaned here (``Sanitizer``);
    /// `first` says whether no word has been placed yet by this wrap (across its segments).
    /// `fixed` names the segment when it is the template's fixed wording (``FixedContent``).
    mutating func wrap(
        _ segment: UnsafeBufferPointer<UInt8>, indent: Int, firstIndent: Int?, width: Int, first: inout Bool,
        fixed: WrapMemo.FixedSegment? = nil
    ) {
        // Most paragraphs are the template's wording, the same for every customer and every
        // document: their lines are remembered by the text as it comes (cleaning is a
        // function of it), or by the fixed wording's object, and the layout. Only where the
        // lines go depends on the buffer.
        let layout = WrapMemo.Layout(indent: indent, firstIndent: firstIndent ?? indent, width: width, first: first)
        let remembered = segment.count >= WrapMemo.shortest
        if remembered, let known = WrapMemo.shared.lines(of: segment, layout, fixed: fixed) {
            place(known, first: &first)
            return
        }
        var wrapped: WrappedLines
        if TextLayout.isSimple(segment, clean: true) {
            wrapped = Self.wrapSimple(segment, layout)
        } else {
            let text = Sanitizer.clean(String(decoding: segment, as: UTF8.self))
            guard let simple = text.withUTF8Bytes({ TextLayout.isSimple($0) ? Self.wrapSimple($0, layout) : nil }) else {
                return wrapCharacters(text, indent: indent, firstIndent: firstIndent, width: width, first: &first)
            }
            wrapped = simple
        }
        if remembered {
            wrapped.finish()
            WrapMemo.shared.remember(segment, layout, wrapped, fixed: fixed)
        }
        place(wrapped, first: &first)
    }

    /// Writes lines ``wrapSimple(_:_:)`` filled: finished lines (``WrappedLines/finish()``)
    /// with one copy, but for a first line that waiting labels go into.
    private mutating func place(_ wrapped: WrappedLines, first: inout Bool) {
        if !wrapped.lines.isEmpty { first = false }
        wrapped.bytes.withUnsafeBufferPointer { text in
            var start = 0
            // Where the line stands in `wrapped.finished`.
            var offset = 0
            for (number, line) in wrapped.lines.enumerated() {
                // Once no label waits for the next line, the finished rest goes in one copy.
                if let finished = wrapped.finished, labels.isEmpty {
                    writePendingBlank()
                    finished.withUnsafeBufferPointer {
                        appendFinishedLines(UnsafeBufferPointer(rebasing: $0[offset...]), count: wrapped.lines.count - number)
                    }
                    return
                }
                beginLine()
                appendSpaces(line.lead)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<line.end]))
                endLine()
                offset += line.lead + line.end - start + 1
                start = line.end
            }
        }
    }

    /// The general case: words split and counted as `Character`s.
    private mutating func wrapCharacters(
        _ text: String, indent: Int, firstIndent: Int?, width: Int, first: inout Bool
    ) {
        var length = 0
        for word in text.split(whereSeparator: TextLayout.isBreakingSpace) {
            let count = word.count
            let indent = first ? (firstIndent ?? indent) : indent
            if length > 0 {
                if length + 1 + count <= width {
                    bytes.append(0x20)
                    append(String(word))
                    length += 1 + count
                    continue
                }
                endLine()
            }
            let lead = min(indent, max(0, width - count))
            beginLine()
            appendSpaces(lead)
            append(String(word))
            length = lead + count
            first = false
        }
        if length > 0 { endLine() }
    }

    /// The words of simple text (``TextLayout/isSimple(_:)``: every scalar a character of
    /// its own), split byte by byte, filled into lines. Words that stand one space apart in
    /// `segment` and on one line are copied together.
    private static func wrapSimple(_ segment: UnsafeBufferPointer<UInt8>, _ layout: WrapMemo.Layout) -> WrappedLines {
        var wrapped = WrappedLines()
        wrapped.bytes.reserveCapacity(segment.count)
        let width = layout.width
        // A line is at least half full unless its next word is long: room for that many.
        wrapped.lines.reserveCapacity(segment.count / max(8, width / 2) + 1)
        var first = layout.first
        var length = 0
        var index = 0
        let end = segment.count
        // The bytes of `segment` that go on the line next, not yet copied.
        var runStart = 0
        var runEnd = 0
        var lead = 0
        func endLine() {
            wrapped.lines.append(WrappedLines.Line(lead: lead, end: wrapped.bytes.count))
        }
        while index < end {
            // Skip breaking spaces.
            let byte = segment[index]
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                index += 1
                continue
            }
            if byte == 0xC2, segment[index + 1] == 0x85 {
                index += 2
                continue
            }
            if byte == 0xE2, Self.isBreakingE2(TextLayout.scalarE2(segment, index)) {
                index += 3
                continue
            }
            // One word: up to the next breaking space; its characters are its bytes but the
            // continuation bytes of multi-byte sequences.
            let start = index
            var continuation = 0
            while index < end {
                let byte = segment[index]
                if byte > 0x20, byte != 0xC2, byte != 0xE2 {
                    if byte & 0xC0 == 0x80 { continuation += 1 }
                    index += 1
                } else if byte <= 0x20 {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { break }
                    index += 1
                } else if byte == 0xC2 {
                    if segment[index + 1] == 0x85 { break }
                    continuation += 1
                    index += 2
                } else {
                    if Self.isBreakingE2(TextLayout.scalarE2(segment, index)) { break }
                    continuation += 2
                    index += 3
                }
            }
            let count = index - start - continuation
            if length > 0 {
                if length + 1 + count <= width {
                    if start == runEnd + 1, segment[runEnd] == 0x20 {
                        runEnd = index
                    } else {
                        wrapped.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: segment[runStart..<runEnd]))
                        wrapped.bytes.append(0x20)
                        runStart = start
                        runEnd = index
                    }
                    length += 1 + count
                    continue
                }
                wrapped.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: segment[runStart..<runEnd]))
                endLine()
            }
            lead = min(first ? layout.firstIndent : layout.indent, max(0, width - count))
            runStart = start
            runEnd = index
            length = lead + count
            first = false
        }
        if length > 0 {
            wrapped.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: segment[runStart..<runEnd]))
            endLine()
        }
        return wrapped
    }

    /// Breaking spaces among U+2000–U+2FFF.
    @inline(__always)
    private static func isBreakingE2(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2000...0x2006, 0x2008...0x200A, 0x2028, 0x2029, 0x205F: true
        default: false
        }
    }
}

/// Lines a text was filled into: their contents one after the other, and per line its
/// indentation and where its content ends.
struct WrappedLines: Sendable {
    struct Line: Sendable {
        var lead: Int
        var end: Int
    }

    var bytes: [UInt8] = []
    var lines: [Line] = []
    /// The lines as a buffer writes them (indentation, content, line feed), made for lines
    /// that are remembered (``finish()``): placed with one copy when no label waits for them.
    /// Nil when a line is empty or ends in white space, which writing it would trim.
    private(set) var finished: [UInt8]?

    /// Makes ``finished``.
    mutating func finish() {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + lines.reduce(0) { $0 + $1.lead + 1 })
        var start = 0
        let visible = bytes.withUnsafeBufferPointer { text in
            for line in lines {
                guard line.end > start, TextLayout.endsVisibly(text, start: start, end: line.end) else { return false }
                out.append(contentsOf: repeatElement(0x20, count: line.lead))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<line.end]))
                out.append(0x0A)
                start = line.end
            }
            return true
        }
        finished = visible ? out : nil
    }
}

/// Paragraphs already filled into lines, shared by every text written in the process (a
/// batch writes the same template wording for every customer): bounded, and emptied when
/// full. The lines are those ``TextBuffer`` computes; the memo only remembers them.
final class WrapMemo: @unchecked Sendable {
    /// What besides the text decides the lines.
    struct Layout: Hashable, Sendable {
        var indent: Int
        var firstIndent: Int
        var width: Int
        /// Whether the first line may start at `firstIndent`.
        var first: Bool
    }

    private struct Entry {
        var text: [UInt8]
        var layout: Layout
        var lines: WrappedLines
    }

    /// A segment of the template's fixed wording: which segment (split at line breaks) of
    /// which content. Its lines are kept with the content (``WrapSlots``), not in the table.
    struct FixedSegment: Sendable {
        var content: FixedContent
        var index: Int
    }

    static let shared = WrapMemo()
    /// Shorter texts are filled faster than looked up.
    static let shortest = 48
    /// Texts remembered before the memo is emptied: the two documents' own paragraphs in
    /// both languages are some hundreds, and each customer adds the few that name them. The
    /// template's fixed wording is kept with its objects, so the customers' texts, which fill
    /// the memo every few hundred customers of a batch, do not empty it with them.
    static let capacity = 4_000

    // `entries` and `count` are read under `lock`'s read side and changed under its write side.
    private let lock = ReadWriteLock()
    private var entries: [UInt64: [Entry]] = [:]
    private var count = 0

    private static func key(_ text: UnsafeBufferPointer<UInt8>, _ layout: Layout) -> UInt64 {
        var key = ExactText.fold(text)
        key ^= UInt64(truncatingIfNeeded: layout.indent) &* 0x9E37_79B9_7F4A_7C15
        key ^= UInt64(truncatingIfNeeded: layout.firstIndent) &* 0xC2B2_AE3D_27D4_EB4F
        key ^= UInt64(truncatingIfNeeded: layout.width) &* 0x1656_67B1_9E37_79F9
        return layout.first ? ~key : key
    }

    /// The lines of `text` (the segment `fixed`, when given) in `layout`, if remembered.
    func lines(of text: UnsafeBufferPointer<UInt8>, _ layout: Layout, fixed: FixedSegment? = nil) -> WrappedLines? {
        if let fixed { return fixed.content.wrapped.lines(fixed.index, layout) }
        let key = Self.key(text, layout)
        return lock.reading {
            guard let candidates = entries[key] else { return nil }
            for entry in candidates where entry.layout == layout {
                if entry.text.withUnsafeBufferPointer({ ExactText.same($0, text) }) { return entry.lines }
            }
            return nil
        }
    }

    /// Remembers the lines of `text` (the segment `fixed`, when given, by that alone).
    func remember(_ text: UnsafeBufferPointer<UInt8>, _ layout: Layout, _ lines: WrappedLines, fixed: FixedSegment? = nil) {
        if let fixed { return fixed.content.wrapped.remember(fixed.index, layout, lines) }
        let key = Self.key(text, layout)
        let entry = Entry(text: Array(text), layout: layout, lines: lines)
        lock.writing {
            if count >= Self.capacity {
                entries.removeAll(keepingCapacity: true)
                count = 0
            }
            entries[key, default: []].append(entry)
            count += 1
        }
    }
}

/// The lines of one ``FixedContent``'s segments, kept with the object: the text writer finds
/// them with a short look under a lock of their own, where a shared table hashed the object,
/// the segment and the layout under the table's lock (a tenth of the text writer's time in a
/// batch). A content is laid out in few layouts; past ``limit`` its lines are filled each
/// time.
final class WrapSlots: @unchecked Sendable {
    // `slots` is only touched under `lock`.
    private let lock = NSLock()
    private var slots: [(index: Int, layout: WrapMemo.Layout, lines: WrappedLines)] = []
    static let limit = 8

    /// The lines of segment `index` in `layout`, if remembered.
    func lines(_ index: Int, _ layout: WrapMemo.Layout) -> WrappedLines? {
        lock.lock()
        defer { lock.unlock() }
        for slot in slots where slot.index == index && slot.layout == layout { return slot.lines }
        return nil
    }

    func remember(_ index: Int, _ layout: WrapMemo.Layout, _ lines: WrappedLines) {
        lock.lock()
        defer { lock.unlock() }
        guard slots.count < Self.limit, !slots.contains(where: { $0.index == index && $0.layout == layout }) else { return }
        slots.append((index, layout, lines))
    }
}

/// Tables of contents already laid out, by what decides their lines: a document's
/// variant gives the same clauses and annexes for every customer, and laying the table out
/// anew for each document cost as much as a tenth of the text writer. Bounded, and emptied
/// when full; shared by every text written in the process.
final class ContentsMemo: @unchecked Sendable {
    struct Key: Hashable, Sendable {
        struct Entry: Hashable, Sendable {
            var depth: Int
            var number: String
            var title: String
        }

        var heading: String
        var indent: Int
        var width: Int
        /// ``TextBuffer/trims``.
        var trims: Bool
        var entries: [Entry]

        /// Equal when the texts are the same bytes: canonically equal titles spelt
        /// differently are written as they are spelt, so they are different contents.
        static func == (a: Self, b: Self) -> Bool {
            ExactText(a.heading) == ExactText(b.heading) && a.indent == b.indent && a.width == b.width
                && a.trims == b.trims && a.entries.count == b.entries.count
                && zip(a.entries, b.entries).allSatisfy { x, y in
                    x.depth == y.depth && ExactText(x.number) == ExactText(y.number) && ExactText(x.title) == ExactText(y.title)
                }
        }

        /// From the entries' bytes folded into one word (``ExactText/fold(_:)``): a key is
        /// made and looked up for every document, and `String`'s own hashing of every number
        /// and title cost more than the rest of the lookup.
        func hash(into hasher: inout Hasher) {
            var state = UInt64(truncatingIfNeeded: entries.count)
            for entry in entries {
                var (number, title) = (entry.number, entry.title)
                state = state &* 31 &+ UInt64(truncatingIfNeeded: entry.depth)
                state = state &* 31 &+ number.withUTF8 { ExactText.fold($0) }
                state = state &* 31 &+ title.withUTF8 { ExactText.fold($0) }
            }
            var heading = heading
            hasher.combine(state)
            hasher.combine(heading.withUTF8 { ExactText.fold($0) })
            hasher.combine(indent)
            hasher.combine(width)
            hasher.combine(trims)
        }
    }

    /// The lines as written, each ending in a line feed, and how many.
    struct Lines: Sendable {
        var bytes: [UInt8]
        var count: Int
    }

    static let shared = ContentsMemo()
    static let capacity = 256

    // `tables` is read under `lock`'s read side and changed under its write side.
    private let lock = ReadWriteLock()
    private var tables: [Key: Lines] = [:]

    func lines(_ key: Key) -> Lines? {
        lock.reading { tables[key] }
    }

    func remember(_ key: Key, _ lines: Lines) {
        lock.writing {
            if tables.count >= Self.capacity { tables.removeAll(keepingCapacity: true) }
            tables[key] = lines
        }
    }
}
