import Testing
@testable import AVVKit

/// The wrap memo is bounded: its text table empties itself when full. The template's fixed
/// wording has a table of its own, which the customers' texts filling the other do not empty.
@Test func customersTextsFillingTheWrapMemoLeaveTheFixedWordingInIt() {
    let memo = WrapMemo()
    let layout = WrapMemo.Layout(indent: 0, firstIndent: 0, width: 72, first: true)
    let fixed = WrapMemo.FixedSegment(content: FixedKey(FixedContent([.text("Der Auftragnehmer verarbeitet Daten nur auf Weisung.")])), index: 0)
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
