/// The fixed words both writers print around the document's own text, per language.
struct OutputLabels: Sendable {
    var tableOfContents: String
    var signatures: String
    var placeAndDate: String
    var nameInBlockCapitals: String
    var function: String
    var signature: String
    var document: String
    var templateVersion: String
    var date: String
    var textHash: String

    static func of(_ language: Language) -> OutputLabels {
        switch language {
        case .de:
            OutputLabels(
                tableOfContents: "Inhaltsverzeichnis", signatures: "Unterschriften",
                placeAndDate: "Ort, Datum", nameInBlockCapitals: "Name in Druckbuchstaben",
                function: "Funktion", signature: "Unterschrift", document: "Dokument",
                templateVersion: "Vorlagenversion", date: "Datum",
                textHash: "SHA-256 (Textfassung)")
        case .en:
            OutputLabels(
                tableOfContents: "Contents", signatures: "Signatures", placeAndDate: "Place, date",
                nameInBlockCapitals: "Name in block capitals", function: "Position",
                signature: "Signature", document: "Document", templateVersion: "Template version",
                date: "Date", textHash: "SHA-256 (text version)")
        }
    }

    /// The document date as the stamp prints it: `21.11.2026` / `21 November 2026`; an
    /// unparsable date is printed as it is.
    static func stampDate(_ date: String, language: Language) -> String {
        switch Filter.apply(.date, to: .string(date), language: language) {
        case .success(let text): text
        case .failure: date
        }
    }
}
