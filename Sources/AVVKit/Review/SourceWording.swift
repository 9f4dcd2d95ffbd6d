/// The wording of template source as approvals compare it: the text as written, markup,
/// `avv:` attributes and `{{ … }}` included, comments, processing instructions and
/// declarations left out, every run of white space (space, tab, line break) one space.
///
/// Re-indenting or re-wrapping a clause keeps its wording; changing a word, a condition, a
/// placeholder or a tag changes it. White space where there was none (or the reverse) is a
/// change, because between inline elements it is one.
enum SourceWording {
    static func normalize(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var i = bytes.startIndex
        func starts(with literal: String, at offset: Int) -> Bool {
            var k = offset
            for b in literal.utf8 {
                guard k < bytes.endIndex, bytes[k] == b else { return false }
                k += 1
            }
            return true
        }
        func skip(past terminator: String, from offset: Int) -> Int {
            var k = offset
            while k < bytes.endIndex {
                if starts(with: terminator, at: k) { return k + terminator.utf8.count }
                k += 1
            }
            return bytes.endIndex
        }
        func emit(_ b: UInt8) {
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = !out.isEmpty
                return
            }
            if pendingSpace { out.append(0x20) }
            pendingSpace = false
            out.append(b)
        }
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "<") {
                if starts(with: "<!--", at: i) {
                    i = skip(past: "-->", from: i + 4)
                    continue
                }
                if starts(with: "<![CDATA[", at: i) {
                    let end = skip(past: "]]>", from: i + 9)
                    while i < end { emit(bytes[i]); i += 1 }
                    continue
                }
                if starts(with: "<?", at: i) {
                    i = skip(past: "?>", from: i + 2)
                    continue
                }
                if starts(with: "<!", at: i) {
                    i = skip(past: ">", from: i + 2)
                    continue
                }
            }
            emit(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
