/// The small, total expression language of templates: paths, literals, `==`, `!=`, `and`,
/// `or`, `not`, `in`, `not in`, parentheses and list literals. No calls, no arithmetic.
indirect enum Expression: Sendable {
    case path(DataPath)
    case literal(DataValue, SourceLocation)
    case list([Expression], SourceLocation)
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    /// `==` (or `!=` when `negated`).
    case equal(Expression, Expression, negated: Bool)
    /// `element in collection` (or `not in`).
    case member(Expression, Expression, negated: Bool)

    var location: SourceLocation {
        switch self {
        case .path(let p): p.location
        case .literal(_, let l), .list(_, let l): l
        case .not(let e): e.location
        case .and(let l, _), .or(let l, _), .equal(let l, _, _), .member(let l, _, _): l.location
        }
    }
}

/// A dotted data path such as `controller.address.city` or `sub.name`.
struct DataPath: Sendable, Hashable {
    var segments: [String]
    var location: SourceLocation

    var text: String { segments.joined(separator: ".") }
}

/// `{{ expression | filter | filter }}`.
struct Interpolation: Sendable {
    var expression: Expression
    var filters: [(name: String, location: SourceLocation)]
    /// Where `{{` stands.
    var location: SourceLocation
    /// The source text between the braces, trimmed, for messages.
    var source: String
}

/// `name in path`, the value of `avv:each`.
struct LoopHeader: Sendable {
    var variable: String
    var variableLocation: SourceLocation
    var collection: Expression
}

/// Parses expressions; positions are computed from the location of the first character.
struct ExpressionParser {
    /// Most tokens in one expression (names, literals, operators, brackets).
    static let maxTokens = 1_000
    /// Deepest nesting of `( )`, `[ ]` and `not` in one expression.
    static let maxDepth = 32

    private enum Token: Equatable {
        case identifier(String)
        case string(String)
        case number(DataValue)
        case symbol(String)
        case end
    }

    private let characters: [Character]
    /// Each character's ASCII value (``Character/asciiValue``), 0 for any other: looked up
    /// once per character rather than at every test.
    private let ascii: [UInt8]
    private let base: SourceLocation
    /// Character offsets where each line of the text starts (positions in O(log n)).
    private let lineStarts: [Int]
    private var tokens: [(token: Token, offset: Int, length: Int)] = []
    private var index = 0
    private var depth = 0

    /// Lexes `text`; the first character of `text` stands at `base`.
    init(_ text: String, at base: SourceLocation) throws(DiagnosticsError) {
        characters = Array(text)
        ascii = characters.map { $0.asciiValue ?? 0 }
        self.base = base
        var starts = [0]
        for (i, c) in characters.enumerated() where c == "\n" || c == "\r\n" { starts.append(i + 1) }
        lineStarts = starts
        try lex()
    }

    /// The location of character offset `offset` in the parsed text.
    func location(_ offset: Int) -> SourceLocation {
        let offset = min(max(0, offset), characters.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var loc = base
        if low == 0 {
            loc.column += offset
        } else {
            loc.line += low
            loc.column = offset - lineStarts[low] + 1
        }
        return loc
    }

    private func fail(_ message: String, at offset: Int, length: Int = 1) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(.error, .malformedExpression, message, at: location(offset), length: length)])
    }

    // ASCII by its code: Character's Unicode properties cost far more, and only ASCII counts.
    private static func isIdentifierStart(_ a: UInt8) -> Bool {
        a == UInt8(ascii: "_") || (0x41...0x5A).contains(a) || (0x61...0x7A).contains(a)
    }

    private static func isIdentifierPart(_ a: UInt8) -> Bool {
        isIdentifierStart(a) || isDigit(a)
    }

    /// An ASCII digit (what `isASCII && isNumber` says of a character).
    private static func isDigit(_ a: UInt8) -> Bool { (0x30...0x39).contains(a) }

    /// The text of characters `range`, each one ASCII byte (an identifier's, a number's):
    /// from their bytes in ``ascii``, where making a String of Characters took thousands of
    /// instructions per identifier, 7 % of loading a template set.
    private func asciiText(_ range: Range<Int>) -> String {
        String(decoding: ascii[range], as: UTF8.self)
    }

    /// `a`: the character's ASCII value, 0 for any other.
    private static func isWhitespace(_ c: Character, _ a: UInt8) -> Bool {
        if a != 0 { return a == 0x20 || (0x09...0x0D).contains(a) }
        return c.asciiValue == nil && c.isWhitespace
    }

    private mutating func lex() throws(DiagnosticsError) {
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let a = ascii[i]
            if Self.isWhitespace(c, a) { i += 1; continue }
            let start = i
            if tokens.count >= Self.maxTokens {
                throw DiagnosticsError([Diagnostic(
                    .error, .inputTooLarge,
                    "the expression has more than \(Self.maxTokens) parts; split the condition or use a list field",
                    at: base, length: 1)])
            }
            if Self.isIdentifierStart(a) {
                while i < characters.count, Self.isIdentifierPart(ascii[i]) { i += 1 }
                tokens.append((.identifier(asciiText(start..<i)), start, i - start))
            } else if Self.isDigit(a) || (a == UInt8(ascii: "-") && i + 1 < characters.count && Self.isDigit(ascii[i + 1])) {
                i += 1
                while i < characters.count, Self.isDigit(ascii[i]) { i += 1 }
                var isFraction = false
                if i + 1 < characters.count, ascii[i] == UInt8(ascii: "."), Self.isDigit(ascii[i + 1]) {
                    isFraction = true
                    i += 1
                    while i < characters.count, Self.isDigit(ascii[i]) { i += 1 }
                }
                let text = asciiText(start..<i)
                let value: DataValue
                if isFraction, let d = Double(text) {
                    value = .number(d)
                } else if let n = Int(text) {
                    value = .integer(n)
                } else {
                    throw fail("number '\(text)' is out of range", at: start, length: i - start)
                }
                tokens.append((.number(value), start, i - start))
            } else if c == "'" || c == "\"" {
                i += 1
                var value = ""
                var closed = false
                while i < characters.count {
                    let d = characters[i]
                    if d == "\\", i + 1 < characters.count {
                        value.append(characters[i + 1])
                        i += 2
                        continue
                    }
                    if d == c { closed = true; i += 1; break }
                    value.append(d)
                    i += 1
                }
                guard closed else {
                    throw fail("unterminated text literal; expected a closing \(c)", at: start, length: i - start)
                }
                tokens.append((.string(value), start, i - start))
            } else {
                let two = i + 1 < characters.count ? String(characters[i...i + 1]) : ""
                if two == "==" || two == "!=" {
                    tokens.append((.symbol(two), i, 2))
                    i += 2
                } else if "().[],|".contains(c) {
                    tokens.append((.symbol(String(c)), i, 1))
                    i += 1
                } else if c == "=" {
                    throw fail("unexpected '='; use '==' to compare", at: i)
                } else {
                    throw fail("unexpected character '\(c)' in expression", at: i)
                }
            }
        }
        tokens.append((.end, characters.count, 1))
    }

    private var current: Token { tokens[index].token }
    private var currentOffset: Int { tokens[index].offset }

    private func describe(_ token: Token) -> String {
        switch token {
        case .identifier(let s): "'\(s)'"
        case .string(let s): "text '\(s)'"
        case .number: "a number"
        case .symbol(let s): "'\(s)'"
        case .end: "the end of the expression"
        }
    }

    private mutating func take(_ symbol: String) -> Bool {
        if current == .symbol(symbol) { index += 1; return true }
        return false
    }

    private mutating func takeKeyword(_ word: String) -> Bool {
        if current == .identifier(word) { index += 1; return true }
        return false
    }

    private static let keywords: Set<String> = ["and", "or", "not", "in", "true", "false", "null"]

    // MARK: Entry points

    /// A whole condition (the value of `avv:if`).
    mutating func parseCondition() throws(DiagnosticsError) -> Expression {
        let expression = try parseOr()
        try expectEnd()
        return expression
    }

    /// `name in path` (the value of `avv:each`).
    mutating func parseLoopHeader() throws(DiagnosticsError) -> LoopHeader {
        guard case .identifier(let name) = current, !Self.keywords.contains(name) else {
            throw fail("expected a loop variable name, as in 'item in list'; found \(describe(current))",
                       at: currentOffset, length: tokens[index].length)
        }
        let variableLocation = location(currentOffset)
        index += 1
        guard takeKeyword("in") else {
            throw fail("expected 'in' after the loop variable, as in '\(name) in list'; found \(describe(current))",
                       at: currentOffset, length: tokens[index].length)
        }
        let collection = try parsePrimary()
        try expectEnd()
        return LoopHeader(variable: name, variableLocation: variableLocation, collection: collection)
    }

    /// The inside of `{{ … }}`: an expression and its filters.
    mutating func parseInterpolationBody(at braces: SourceLocation) throws(DiagnosticsError) -> Interpolation {
        guard current != .end else {
            throw fail("empty '{{ }}'; expected a field name such as 'controller.name'", at: 0)
        }
        let expression = try parseOr()
        var filters: [(String, SourceLocation)] = []
        while take("|") {
            guard case .identifier(let name) = current else {
                throw fail("expected a filter name after '|'; found \(describe(current))",
                           at: currentOffset, length: tokens[index].length)
            }
            filters.append((name, location(currentOffset)))
            index += 1
        }
        try expectEnd()
        let source = String(characters).trimmingCharacters(in: .whitespacesAndNewlines)
        return Interpolation(expression: expression, filters: filters, location: braces, source: source)
    }

    private func expectEnd() throws(DiagnosticsError) {
        guard current == .end else {
            throw fail("unexpected \(describe(current)); expected the end of the expression",
                       at: currentOffset, length: tokens[index].length)
        }
    }

    // MARK: Grammar

    private mutating func parseOr() throws(DiagnosticsError) -> Expression {
        var left = try parseAnd()
        while takeKeyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(DiagnosticsError) -> Expression {
        var left = try parseNot()
        while takeKeyword("and") { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(DiagnosticsError) -> Expression {
        if current == .identifier("not") {
            let offset = currentOffset
            index += 1
            try enter(at: offset)
            defer { depth -= 1 }
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    /// One level deeper; refused beyond ``maxDepth`` so that no expression exhausts the stack.
    private mutating func enter(at offset: Int) throws(DiagnosticsError) {
        depth += 1
        if depth > Self.maxDepth {
            throw DiagnosticsError([Diagnostic(
                .error, .inputTooLarge, "the expression nests deeper than \(Self.maxDepth) levels",
                at: location(offset))])
        }
    }

    private mutating func parseComparison() throws(DiagnosticsError) -> Expression {
        let left = try parsePrimary()
        if take("==") { return .equal(left, try parsePrimary(), negated: false) }
        if take("!=") { return .equal(left, try parsePrimary(), negated: true) }
        if takeKeyword("in") { return .member(left, try parsePrimary(), negated: false) }
        if current == .identifier("not"), index + 1 < tokens.count, tokens[index + 1].token == .identifier("in") {
            index += 2
            return .member(left, try parsePrimary(), negated: true)
        }
        return left
    }

    private mutating func parsePrimary() throws(DiagnosticsError) -> Expression {
        let offset = currentOffset
        switch current {
        case .symbol("("):
            index += 1
            try enter(at: offset)
            defer { depth -= 1 }
            let inner = try parseOr()
            guard take(")") else {
                throw fail("expected ')' to close the '(' at column \(location(offset).column); found \(describe(current))",
                           at: currentOffset, length: tokens[index].length)
            }
            return inner
        case .symbol("["):
            index += 1
            try enter(at: offset)
            defer { depth -= 1 }
            var elements: [Expression] = []
            if !take("]") {
                repeat { elements.append(try parsePrimary()) } while take(",")
                guard take("]") else {
                    throw fail("expected ',' or ']' in the list; found \(describe(current))",
                               at: currentOffset, length: tokens[index].length)
                }
            }
            return .list(elements, location(offset))
        case .string(let s):
            index += 1
            return .literal(.string(s), location(offset))
        case .number(let v):
            index += 1
            return .literal(v, location(offset))
        case .identifier("true"):
            index += 1
            return .literal(.bool(true), location(offset))
        case .identifier("false"):
            index += 1
            return .literal(.bool(false), location(offset))
        case .identifier("null"):
            index += 1
            return .literal(.null, location(offset))
        case .identifier(let name) where !Self.keywords.contains(name):
            index += 1
            var segments = [name]
            while take(".") {
                guard case .identifier(let next) = current else {
                    throw fail("expected a field name after '.'; found \(describe(current))",
                               at: currentOffset, length: tokens[index].length)
                }
                segments.append(next)
                index += 1
            }
            return .path(DataPath(segments: segments, location: location(offset)))
        default:
            throw fail("expected a field name, a quoted text, a number or '('; found \(describe(current))",
                       at: offset, length: tokens[index].length)
        }
    }
}

extension DataPath {
    /// The characters the path spans in the source, for carets.
    var length: Int { text.count }
}

import Foundation
