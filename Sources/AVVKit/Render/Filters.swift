/// The fixed set of value filters a template may apply: `{{ contract.start | date }}`.
///
/// Formatting is written out here rather than taken from `Locale` or `DateFormatter`, so that
/// the same data gives the same bytes on every machine, whatever its locale data:
///
/// | filter    | input                  | de                 | en                  |
/// |-----------|------------------------|--------------------|---------------------|
/// | `date`    | `2026-11-21`           | `21.11.2026`       | `21 November 2026`  |
/// | `money`   | `1234.5`               | `1.234,50 €`       | `€1,234.50`         |
/// | `list`    | `[A, B, C]`            | `A, B und C`       | `A, B and C`        |
/// | `upper`   | `Straße`               | `STRASSE`          | `STRASSE`           |
/// | `country` | `US`                   | `Vereinigte Staaten` | `United States`   |
///
/// German money puts a no-break space (U+00A0) between amount and sign, so the two never part
/// at a line end.
enum Filter: String, CaseIterable, Sendable {
    case date, money, list, upper, country

    /// Formats `value` with `filter`, or says what the filter expected.
    static func apply(_ filter: Filter, to value: DataValue, language: Language)
        -> Result<String, FilterError>
    {
        switch filter {
        case .date: formatDate(value, language: language)
        case .money: formatMoney(value, language: language)
        case .list: formatList(value, language: language)
        case .upper: formatUpper(value)
        case .country: formatCountry(value, language: language)
        }
    }

    /// Formats a value printed without a filter: `{{ controller.name }}`.
    ///
    /// Strings print as they are, integers plainly (`12`, no grouping: postcodes and years
    /// stay intact), other numbers with the decimal sign of the language (`2,5` / `2.5`),
    /// booleans as `Ja`/`Nein` or `Yes`/`No`. Null, lists and objects are errors: a missing
    /// value must never print as an empty string.
    static func display(_ value: DataValue, language: Language) -> Result<String, FilterError> {
        switch value {
        case .string(let s):
            return .success(s)
        case .integer(let i):
            return .success(String(i))
        case .number(let d):
            guard let decimal = DecimalNumber(d) else {
                return .failure(FilterError("cannot print the number \(d)"))
            }
            return .success(decimal.plain(decimalSeparator: language == .de ? "," : "."))
        case .bool(let b):
            switch language {
            case .de: return .success(b ? "Ja" : "Nein")
            case .en: return .success(b ? "Yes" : "No")
            }
        case .null:
            return .failure(FilterError("cannot print an empty value (null)"))
        case .array:
            return .failure(FilterError("cannot print a list; use the 'list' filter"))
        case .object:
            return .failure(FilterError("cannot print an object; name one of its fields"))
        }
    }

    /// Whether `code` (ISO 3166-1 alpha-2) is in the European Economic Area: EU 27, IS, LI, NO.
    static func isEEA(_ code: String) -> Bool {
        CountryNames.eea.contains(code.uppercased())
    }

    // MARK: - The filters

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    private static func formatDate(_ value: DataValue, language: Language)
        -> Result<String, FilterError>
    {
        guard case .string(let text) = value, let date = ISODate(text) else {
            return .failure(expected(.date, "a date YYYY-MM-DD", found: value))
        }
        switch language {
        case .de:
            return .success("\(twoDigits(date.day)).\(twoDigits(date.month)).\(fourDigits(date.year))")
        case .en:
            return .success("\(date.day) \(monthNames[date.month - 1]) \(fourDigits(date.year))")
        }
    }

    private static func formatMoney(_ value: DataValue, language: Language)
        -> Result<String, FilterError>
    {
        let decimal: DecimalNumber?
        switch value {
        case .integer(let i): decimal = DecimalNumber(i)
        case .number(let d): decimal = DecimalNumber(d)
        default: decimal = nil
        }
        guard let amount = decimal?.rounded(toFractionDigits: 2) else {
            return .failure(expected(.money, "a number", found: value))
        }
        let sign = amount.isNegative ? "-" : ""
        switch language {
        case .de:
            let digits = amount.grouped(thousands: ".", decimal: ",")
            return .success("\(sign)\(digits)\u{00A0}€")
        case .en:
            let digits = amount.grouped(thousands: ",", decimal: ".")
            return .success("\(sign)€\(digits)")
        }
    }

    private static func formatList(_ value: DataValue, language: Language)
        -> Result<String, FilterError>
    {
        guard case .array(let items) = value else {
            return .failure(expected(.list, "a list", found: value))
        }
        guard !items.isEmpty else {
            return .failure(expected(.list, "a non-empty list", found: value))
        }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            switch item {
            case .string, .integer, .number, .bool:
                guard case .success(let text) = display(item, language: language) else {
                    return .failure(expected(.list, "a list of texts", found: item))
                }
                texts.append(text)
            case .null, .array, .object:
                return .failure(
                    FilterError(
                        "the 'list' filter expects a list of texts, found \(describe(item)) "
                            + "at position \(index + 1)", filter: .list))
            }
        }
        let and = language == .de ? "und" : "and"
        if texts.count == 1 { return .success(texts[0]) }
        return .success(texts.dropLast().joined(separator: ", ") + " \(and) " + texts[texts.count - 1])
    }

    private static func formatUpper(_ value: DataValue) -> Result<String, FilterError> {
        guard case .string(let text) = value else {
            return .failure(expected(.upper, "a text", found: value))
        }
        // Unicode full case mapping, not locale-dependent: ß becomes SS.
        return .success(text.uppercased())
    }

    private static func formatCountry(_ value: DataValue, language: Language)
        -> Result<String, FilterError>
    {
        guard case .string(let code) = value else {
            return .failure(expected(.country, "an ISO 3166-1 alpha-2 country code such as 'DE'", found: value))
        }
        let key = code.uppercased()
        if let name = CountryNames.name(of: key, in: language) { return .success(name) }
        var error = expected(.country, "an ISO 3166-1 alpha-2 country code such as 'DE'", found: value)
        let aliases = ["UK": "GB", "EL": "GR"]
        if let alias = aliases[key] { error.message += "; did you mean '\(alias)'?" }
        return .failure(error)
    }

    // MARK: - Helpers

    private static func expected(_ filter: Filter, _ what: String, found value: DataValue) -> FilterError {
        FilterError("the '\(filter.rawValue)' filter expects \(what), found \(describe(value))", filter: filter)
    }

    /// How an error message names a value: `'tomorrow'`, `the number 12`, `a list of 3 entries`.
    static func describe(_ value: DataValue) -> String {
        switch value {
        case .null: return "nothing (null)"
        case .bool(let b): return "the boolean \(b)"
        case .integer(let i): return "the number \(i)"
        case .number(let d): return "the number \(d)"
        case .string(let s):
            let shown = s.count > 40 ? String(s.prefix(40)) + "…" : s
            return "'\(shown)'"
        case .array(let a):
            switch a.count {
            case 0: return "an empty list"
            case 1: return "a list of 1 entry"
            default: return "a list of \(a.count) entries"
            }
        case .object: return "an object"
        }
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    private static func fourDigits(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}

/// Why a filter or a plain value could not be printed; the message says what was expected.
struct FilterError: Error, Sendable, Hashable, CustomStringConvertible {
    var message: String
    /// The filter that failed; nil for a plain value (``Filter/display(_:language:)``).
    var filter: Filter?

    init(_ message: String, filter: Filter? = nil) {
        self.message = message
        self.filter = filter
    }

    var description: String { message }
}

/// A calendar date parsed strictly from `YYYY-MM-DD` (proleptic Gregorian, leap years checked).
struct ISODate: Sendable, Hashable {
    var year: Int
    var month: Int
    var day: Int

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for b in bytes[range] {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(b - UInt8(ascii: "0"))
            }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= ISODate.days(in: month, of: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A finite decimal number as digit strings, so that rounding works on the decimal value a
/// person wrote rather than on its binary approximation.
///
/// A `Double` enters through its shortest round-trip representation (`1.005` stays `1.005`,
/// although the nearest binary value is slightly below it), so `1.005` rounds to `1.01` as
/// commercial rounding (half away from zero) requires.
struct DecimalNumber: Sendable, Hashable {
    var isNegative: Bool
    /// Integer digits without leading zeros; `"0"` for zero.
    var integerDigits: String
    /// Fraction digits without trailing zeros.
    var fractionDigits: String

    init(_ value: Int) {
        isNegative = value < 0
        integerDigits = String(value.magnitude)
        fractionDigits = ""
    }

    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        // `description` is the shortest representation that reads back as the same Double,
        // e.g. "1.005", "1e-05", "1.2345e+20".
        var text = Substring(value.description)
        var negative = false
        if text.hasPrefix("-") {
            negative = true
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let parsed = Int(text[text.index(after: e)...]) else { return nil }
            exponent = parsed
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = String(parts[0])
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        let digits = whole + fraction
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        // The decimal point sits after `point` digits of `digits` (may be outside the string).
        let point = whole.count + exponent
        var integerPart: String
        var fractionPart: String
        if point <= 0 {
            integerPart = "0"
            fractionPart = String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            integerPart = digits + String(repeating: "0", count: point - digits.count)
            fractionPart = ""
        } else {
            integerPart = String(digits.prefix(point))
            fractionPart = String(digits.dropFirst(point))
        }
        self.init(negative: negative, integer: integerPart, fraction: fractionPart)
    }

    init(negative: Bool, integer: String, fraction: String) {
        var integer = Substring(integer)
        while integer.count > 1, integer.first == "0" { integer = integer.dropFirst() }
        var fraction = Substring(fraction)
        while fraction.last == "0" { fraction = fraction.dropLast() }
        integerDigits = integer.isEmpty ? "0" : String(integer)
        fractionDigits = String(fraction)
        // Zero has no sign: -0.001 rounded is 0,00, not -0,00.
        isNegative = negative && !(integerDigits == "0" && fractionDigits.isEmpty)
    }

    /// Rounded half away from zero to `places` fraction digits.
    func rounded(toFractionDigits places: Int) -> DecimalNumber {
        guard fractionDigits.count > places else { return self }
        let kept = Array(fractionDigits.prefix(places))
        let next = fractionDigits[fractionDigits.index(fractionDigits.startIndex, offsetBy: places)]
        var digits = Array(integerDigits) + kept
        if next >= "5" {
            // Add one unit in the last kept place, carrying to the left.
            var i = digits.count - 1
            while true {
                if i < 0 {
                    digits.insert("1", at: 0)
                    break
                }
                if digits[i] == "9" {
                    digits[i] = "0"
                    i -= 1
                } else {
                    let next = digits[i].unicodeScalars.first.map { $0.value + 1 } ?? 0x30
                    digits[i] = Character(Unicode.Scalar(UInt8(truncatingIfNeeded: next)))
                    break
                }
            }
        }
        let integerCount = digits.count - places
        return DecimalNumber(
            negative: isNegative, integer: String(digits.prefix(integerCount)),
            fraction: String(digits.suffix(places)))
    }

    /// Digits with a thousands separator and exactly two fraction digits (money).
    func grouped(thousands: String, decimal: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(integerDigits)
        while rest.count > 3 {
            groups.insert(rest.suffix(3), at: 0)
            rest = rest.dropLast(3)
        }
        groups.insert(rest, at: 0)
        let fraction = fractionDigits + String(repeating: "0", count: max(0, 2 - fractionDigits.count))
        return groups.joined(separator: thousands) + decimal + fraction
    }

    /// The number without grouping and without trailing fraction zeros (`2,5`, `12`, `-0,001`).
    func plain(decimalSeparator: String) -> String {
        let sign = isNegative ? "-" : ""
        if fractionDigits.isEmpty { return sign + integerDigits }
        return sign + integerDigits + decimalSeparator + fractionDigits
    }
}
