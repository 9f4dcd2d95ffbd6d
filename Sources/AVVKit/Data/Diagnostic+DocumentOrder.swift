extension Array where Element == Diagnostic {
    /// The diagnostics by position (line, then column); ties and unlocated ones keep their order.
    func inDocumentOrder() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?) where l != r: return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
