import Testing
@testable import AVVKit

/// The wrap memo is bounded: its text table empties itself when full. The template's fixed
/// wording is kept with its objects, and the customers' texts filling the table do not
/// empty it.
@Test func customersTextsFillingTheWrapMemoLeaveTheFixedWordingInIt() {
    let memo = WrapMemo()
    let layout = WrapMemo.Layout(indent: 0, firstIndent: 0, width: 72, first: true)
    let fixed = WrapMemo.FixedSegment(content: FixedContent([.text("Der Auftragnehmer verarbeitet Daten nur auf Weisung.")]), index: 0)
    let fixedLines = WrappedLines(bytes: Array("Der Auftragnehmer verarbeitet Daten nur auf Weisung.".utf8), lines: [.init(lead: 0, end: 52)])
    let fixedText = fixedLines.bytes
    fixedText.withUnsafeBufferPointer { memo.remember($0, layout, fixedLines, fixed: fixed) }

    func text(_ n: Int) -> [UInt8] { Array("Kunde \(n): Musterfirma GmbH, Musterstraße \(n), 12345 Musterstadt".utf8) }
    func lines(_ n: Int) -> WrappedLines { WrappedLines(bytes: text(n), lines: [.init(lead: 0, end: text(n).count)]) }
    func known(_ n: Int) -> Bool { text(n).withUnsafeBufferPointer { memo.lines(of: $0, layout) } != nil }

    for n in 0..<WrapMemo.capacity { text(n).withUnsafeBufferPointer { memo.remember($0, layout, lines(n)) } }
    #expect(known(0) && known(WrapMemo.capacity - 1))
    // One more: the text table is full and starts afresh.
    text(-1).withUnsafeBufferPointer { memo.remember($0, layout, lines(-1)) }
    #expect(!known(0) && known(-1))
    let kept = fixedText.withUnsafeBufferPointer { memo.lines(of: $0, layout, fixed: fixed) }
    #expect(kept?.bytes == fixedText)
}

/// The template's fixed wording keeps its lines with its object, per segment and layout: each
/// lookup gets the lines remembered for its own segment and layout, and past the limit
/// nothing more is remembered (the lines are filled again).
@Test func fixedWordingKeepsItsLinesPerSegmentAndLayout() {
    let memo = WrapMemo()
    let content = FixedContent([.text("Erster Teil"), .lineBreak, .text("Zweiter Teil")])
    func lines(_ tag: String) -> WrappedLines { WrappedLines(bytes: Array(tag.utf8), lines: [.init(lead: 0, end: tag.utf8.count)]) }
    func layout(_ indent: Int) -> WrapMemo.Layout { WrapMemo.Layout(indent: indent, firstIndent: indent, width: 72, first: true) }
    func look(_ index: Int, _ indent: Int) -> String? {
        let found = [UInt8]().withUnsafeBufferPointer {
            memo.lines(of: $0, layout(indent), fixed: WrapMemo.FixedSegment(content: content, index: index))
        }
        return found.map { String(decoding: $0.bytes, as: UTF8.self) }
    }
    for index in 0..<2 {
        for indent in 0..<WrapSlots.limit / 2 {
            [UInt8]().withUnsafeBufferPointer {
                memo.remember($0, layout(indent), lines("\(index)/\(indent)"),
                              fixed: WrapMemo.FixedSegment(content: content, index: index))
            }
        }
    }
    for index in 0..<2 {
        for indent in 0..<WrapSlots.limit / 2 { #expect(look(index, indent) == "\(index)/\(indent)") }
    }
    [UInt8]().withUnsafeBufferPointer {
        memo.remember($0, layout(99), lines("over"), fixed: WrapMemo.FixedSegment(content: content, index: 0))
    }
    #expect(look(0, 99) == nil)
    #expect(look(2, 0) == nil)
}
