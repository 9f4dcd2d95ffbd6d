import Testing

@testable import AVVKit

struct FilterCase: Sendable, CustomTestStringConvertible {
    var filter: Filter
    var value: DataValue
    var de: String
    var en: String

    init(_ filter: Filter, _ value: DataValue, de: String, en: String) {
        self.filter = filter
        self.value = value
        self.de = de
        self.en = en
    }

    var testDescription: String { "\(filter.rawValue)(\(value))" }
}

let formattingCases: [FilterCase] = [
    FilterCase(.date, .string("2026-11-21"), de: "21.11.2026", en: "21 November 2026"),
    FilterCase(.date, .string("2026-03-01"), de: "01.03.2026", en: "1 March 2026"),
    FilterCase(.date, .string("2024-02-29"), de: "29.02.2024", en: "29 February 2024"),
    FilterCase(.date, .string("0999-12-31"), de: "31.12.0999", en: "31 December 0999"),
    FilterCase(.money, .number(1234.5), de: "1.234,50\u{A0}€", en: "€1,234.50"),
    FilterCase(.money, .number(1.4), de: "1,40\u{A0}€", en: "€1.40"),
    FilterCase(.money, .number(1.005), de: "1,01\u{A0}€", en: "€1.01"),
    FilterCase(.money, .number(2.675), de: "2,68\u{A0}€", en: "€2.68"),
    FilterCase(.money, .number(0.995), de: "1,00\u{A0}€", en: "€1.00"),
    FilterCase(.money, .number(999.995), de: "1.000,00\u{A0}€", en: "€1,000.00"),
    FilterCase(.money, .integer(0), de: "0,00\u{A0}€", en: "€0.00"),
    FilterCase(.money, .number(0), de: "0,00\u{A0}€", en: "€0.00"),
    FilterCase(.money, .number(-0.004), de: "0,00\u{A0}€", en: "€0.00"),
    FilterCase(.money, .number(-0.005), de: "-0,01\u{A0}€", en: "-€0.01"),
    FilterCase(.money, .number(-1234.5), de: "-1.234,50\u{A0}€", en: "-€1,234.50"),
    FilterCase(.money, .integer(-7), de: "-7,00\u{A0}€", en: "-€7.00"),
    FilterCase(.money, .number(1_234_567.891), de: "1.234.567,89\u{A0}€", en: "€1,234,567.89"),
    FilterCase(.money, .integer(1_000_000), de: "1.000.000,00\u{A0}€", en: "€1,000,000.00"),
    FilterCase(.money, .number(999), de: "999,00\u{A0}€", en: "€999.00"),
    FilterCase(.money, .number(0.00001), de: "0,00\u{A0}€", en: "€0.00"),
    FilterCase(.money, .number(1e16), de: "10.000.000.000.000.000,00\u{A0}€", en: "€10,000,000,000,000,000.00"),
    FilterCase(.money, .integer(Int.min), de: "-9.223.372.036.854.775.808,00\u{A0}€", en: "-€9,223,372,036,854,775,808.00"),
    FilterCase(.list, .array([.string("A"), .string("B"), .string("C")]), de: "A, B und C", en: "A, B and C"),
    FilterCase(.list, .array([.string("A"), .string("B")]), de: "A und B", en: "A and B"),
    FilterCase(.list, .array([.string("A")]), de: "A", en: "A"),
    FilterCase(.list, .array([.string("E-Mail"), .integer(3), .bool(true)]), de: "E-Mail, 3 und Ja", en: "E-Mail, 3 and Yes"),
    FilterCase(.upper, .string("Straße"), de: "STRASSE", en: "STRASSE"),
    FilterCase(.upper, .string("Müller & Söhne"), de: "MÜLLER & SÖHNE", en: "MÜLLER & SÖHNE"),
    FilterCase(.country, .string("DE"), de: "Deutschland", en: "Germany"),
    FilterCase(.country, .string("US"), de: "Vereinigte Staaten", en: "United States"),
    FilterCase(.country, .string("NO"), de: "Norwegen", en: "Norway"),
    FilterCase(.country, .string("GB"), de: "Vereinigtes Königreich", en: "United Kingdom"),
    FilterCase(.country, .string("ch"), de: "Schweiz", en: "Switzerland"),
    FilterCase(.country, .string("KR"), de: "Südkorea", en: "South Korea"),
]

@Test(arguments: formattingCases)
func filterFormatsBothLanguages(_ c: FilterCase) {
    #expect(Filter.apply(c.filter, to: c.value, language: .de) == .success(c.de))
    #expect(Filter.apply(c.filter, to: c.value, language: .en) == .success(c.en))
}

struct FilterFailure: Sendable, CustomTestStringConvertible {
    var filter: Filter
    var value: DataValue
    var message: String
    var testDescription: String { "\(filter.rawValue)(\(value))" }
}

let failureCases: [FilterFailure] = [
    FilterFailure(filter: .date, value: .string("tomorrow"),
                  message: "the 'date' filter expects a date YYYY-MM-DD, found 'tomorrow'"),
    FilterFailure(filter: .date, value: .string("2026-02-29"),
                  message: "the 'date' filter expects a date YYYY-MM-DD, found '2026-02-29'"),
    FilterFailure(filter: .date, value: .string("2026-13-01"),
                  message: "the 'date' filter expects a date YYYY-MM-DD, found '2026-13-01'"),
    FilterFailure(filter: .date, value: .string("21.11.2026"),
                  message: "the 'date' filter expects a date YYYY-MM-DD, found '21.11.2026'"),
    FilterFailure(filter: .date, value: .integer(2026),
                  message: "the 'date' filter expects a date YYYY-MM-DD, found the number 2026"),
    FilterFailure(filter: .money, value: .string("12,50"),
                  message: "the 'money' filter expects a number, found '12,50'"),
    FilterFailure(filter: .money, value: .number(.infinity),
                  message: "the 'money' filter expects a number, found the number inf"),
    FilterFailure(filter: .money, value: .null,
                  message: "the 'money' filter expects a number, found nothing (null)"),
    FilterFailure(filter: .list, value: .array([]),
                  message: "the 'list' filter expects a non-empty list, found an empty list"),
    FilterFailure(filter: .list, value: .string("A, B"),
                  message: "the 'list' filter expects a list, found 'A, B'"),
    FilterFailure(filter: .list, value: .array([.string("A"), .object([:])]),
                  message: "the 'list' filter expects a list of texts, found an object at position 2"),
    FilterFailure(filter: .upper, value: .bool(true),
                  message: "the 'upper' filter expects a text, found the boolean true"),
    FilterFailure(filter: .country, value: .string("XX"),
                  message: "the 'country' filter expects an ISO 3166-1 alpha-2 country code such as 'DE', found 'XX'"),
    FilterFailure(filter: .country, value: .string("UK"),
                  message: "the 'country' filter expects an ISO 3166-1 alpha-2 country code such as 'DE', found 'UK'; did you mean 'GB'?"),
    FilterFailure(filter: .country, value: .string("Germany"),
                  message: "the 'country' filter expects an ISO 3166-1 alpha-2 country code such as 'DE', found 'Germany'"),
    FilterFailure(filter: .country, value: .array([.string("DE")]),
                  message: "the 'country' filter expects an ISO 3166-1 alpha-2 country code such as 'DE', found a list of 1 entry"),
]

@Test(arguments: failureCases)
func filterSaysWhatItExpected(_ c: FilterFailure) {
    for language in Language.allCases {
        guard case .failure(let error) = Filter.apply(c.filter, to: c.value, language: language) else {
            Issue.record("expected an error for \(c.testDescription)")
            continue
        }
        #expect(error.message == c.message)
        #expect(error.filter == c.filter)
    }
}

struct DisplayCase: Sendable, CustomTestStringConvertible {
    var value: DataValue
    var de: Result<String, FilterError>
    var en: Result<String, FilterError>
    var testDescription: String { "\(value)" }
}

let displayCases: [DisplayCase] = [
    DisplayCase(value: .string("Müller GmbH"), de: .success("Müller GmbH"), en: .success("Müller GmbH")),
    DisplayCase(value: .integer(12345), de: .success("12345"), en: .success("12345")),
    DisplayCase(value: .integer(-3), de: .success("-3"), en: .success("-3")),
    DisplayCase(value: .number(2.5), de: .success("2,5"), en: .success("2.5")),
    DisplayCase(value: .number(12.0), de: .success("12"), en: .success("12")),
    DisplayCase(value: .number(0.0001), de: .success("0,0001"), en: .success("0.0001")),
    DisplayCase(value: .number(-1.25e-7), de: .success("-0,000000125"), en: .success("-0.000000125")),
    DisplayCase(value: .bool(true), de: .success("Ja"), en: .success("Yes")),
    DisplayCase(value: .bool(false), de: .success("Nein"), en: .success("No")),
    DisplayCase(value: .array([.string("a")]),
                de: .failure(FilterError("cannot print a list; use the 'list' filter")),
                en: .failure(FilterError("cannot print a list; use the 'list' filter"))),
    DisplayCase(value: .object(["a": .integer(1)]),
                de: .failure(FilterError("cannot print an object; name one of its fields")),
                en: .failure(FilterError("cannot print an object; name one of its fields"))),
    DisplayCase(value: .null,
                de: .failure(FilterError("cannot print an empty value (null)")),
                en: .failure(FilterError("cannot print an empty value (null)"))),
]

@Test(arguments: displayCases)
func displayPrintsPlainValues(_ c: DisplayCase) {
    #expect(Filter.display(c.value, language: .de) == c.de)
    #expect(Filter.display(c.value, language: .en) == c.en)
}

@Test func everyFilterHasATestCase() {
    let covered = Set(formattingCases.map(\.filter))
    #expect(covered == Set(Filter.allCases))
}

@Test func countryTableCoversEveryAssignedCode() {
    #expect(CountryNames.byCode.count == 249)
    for (code, entry) in CountryNames.byCode {
        #expect(code.count == 2 && code.allSatisfy { $0.isASCII && $0.isUppercase })
        #expect(!entry.de.isEmpty && !entry.en.isEmpty)
    }
    #expect(CountryNames.byCode["XK"] == nil)  // Kosovo: user-assigned, not ISO 3166-1
}

/// The slot table gives what the table by code gives: for all 676 pairs of capital letters,
/// and for codes that are not such a pair (which fall back to the table by code, canonical
/// equivalence included: the Kelvin sign is a K).
@Test func countryLookupBySlotAgreesWithTheTable() {
    let letters = (0x41...0x5A).map { String(UnicodeScalar(UInt8($0))) }
    var found = 0
    for first in letters {
        for second in letters {
            let code = first + second
            #expect(CountryNames.entry(of: code) == CountryNames.byCode[code], "\(code)")
            if CountryNames.entry(of: code) != nil { found += 1 }
        }
    }
    #expect(found == 249)
    for code in ["", "D", "de", "DEU", "D\u{0308}", "\u{212A}E", "@A", "Z[", String(repeating: "D", count: 20)] {
        #expect(CountryNames.entry(of: code) == CountryNames.byCode[code], "\(code.unicodeScalars.map(\.value))")
    }
    #expect(CountryNames.entry(of: "\u{212A}E")?.en == "Kenya")
}

@Test func eeaIsEU27PlusIcelandLiechtensteinNorway() {
    #expect(CountryNames.eea.count == 30)
    for code in ["DE", "AT", "FR", "IE", "HR", "IS", "LI", "NO", "no"] { #expect(Filter.isEEA(code)) }
    for code in ["CH", "GB", "US", "TR", "XX", ""] { #expect(!Filter.isEEA(code)) }
    #expect(CountryNames.eea.allSatisfy { CountryNames.byCode[$0] != nil })
}
