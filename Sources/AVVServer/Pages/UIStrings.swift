import AVVKit

/// The form's own words (labels and help come from the schema), in German and English.
struct UIStrings: Sendable {
    var pageTitle: String
    var heading: String
    var intro: String
    var requiredNote: String
    var requiredMark: String
    var requiredInGroup: String
    var skipLink: String
    var otherLanguage: String
    var otherLanguageName: String
    var documentsLegend: String
    var documentsHelp: String
    var documentLanguages: String
    var languageOptions: [(value: String, label: String)]
    var documentDate: String
    var documentDateHelp: String
    var providerSummary: String
    var providerLockedNote: String
    var customerSection: String
    var submit: String
    var add: String
    var remove: String
    var rowAdded: String
    var rowRemoved: String
    var chooseOption: String
    var checkboxYes: String
    var errorPrefix: String
    var errorSummary: @Sendable (Int) -> String
    var uploadHeading: String
    var uploadLabel: String
    var uploadHelp: String
    var uploadButton: String
    var uploadLoaded: @Sendable (String) -> String
    var uploadUnreadable: String
    var uploadProviderIgnored: String
    var csrfFailed: String
    var previewTitle: String
    var previewHeading: @Sendable (String) -> String
    var findingsHeading: String
    var noFindings: String
    var downloadsHeading: String
    var zipLabel: String
    var zipHelp: String
    var htmlLabel: String
    var textLabel: String
    var manifestLabel: String
    var dataLabel: String
    var previewHeadingDocument: @Sendable (String, String) -> String
    var previewFrameTitle: @Sendable (String) -> String
    var editLink: String
    var newLink: String
    var languageName: @Sendable (Language) -> String
    var severityName: @Sendable (String) -> String
    var expired: String
    var savedTo: @Sendable (String) -> String

    static func forLanguage(_ language: Language) -> UIStrings { language == .en ? .english : .german }

    static let german = UIStrings(
        pageTitle: "AV-Vertrag und Fernwartungsbedingungen erstellen",
        heading: "AV-Vertrag und Fernwartungsbedingungen erstellen",
        intro: "Angaben zum Kunden eintragen und „Prüfen und erzeugen“ wählen: Sie sehen die Dokumente, das Prüfergebnis und die Downloads zum Unterschreiben.",
        requiredNote: "Mit * markierte Felder sind Pflichtangaben.",
        requiredMark: "Pflichtfeld",
        requiredInGroup: "Pflichtangabe, wenn dieser Abschnitt ausgefüllt wird",
        skipLink: "Zum Formular springen",
        otherLanguage: "English",
        otherLanguageName: "en",
        documentsLegend: "Dokumente",
        documentsHelp: "Sprache und Datum der erzeugten Dokumente.",
        documentLanguages: "Sprache der Dokumente",
        languageOptions: [("de", "Deutsch"), ("en", "Englisch"), ("de,en", "Deutsch und Englisch")],
        documentDate: "Datum der Dokumente",
        documentDateHelp: "Steht in den Dokumenten als Stand; üblich ist das heutige Datum.",
        providerSummary: "Dienstleister (eigenes Profil)",
        providerLockedNote: "Das Profil des Dienstleisters ist vom Server vorgegeben (--provider) und gilt für jeden Kunden; es wird hier nur angezeigt.",
        customerSection: "Kunde",
        submit: "Prüfen und erzeugen",
        add: "Hinzufügen",
        remove: "Entfernen",
        rowAdded: "Zeile hinzugefügt",
        rowRemoved: "Zeile entfernt",
        chooseOption: "– bitte wählen –",
        checkboxYes: "Ja",
        errorPrefix: "Fehler:",
        errorSummary: { $0 == 1 ? "1 Angabe ist zu korrigieren" : "\($0) Angaben sind zu korrigieren" },
        uploadHeading: "Gespeicherte Kundendaten laden",
        uploadLabel: "Kundendaten (YAML)",
        uploadHelp: "Die Datei customer.yaml aus einem früher heruntergeladenen ZIP, oder eine Datei für avv generate. Die Angaben erscheinen im Formular.",
        uploadButton: "Datei laden",
        uploadLoaded: { "„\($0)“ wurde geladen. Bitte prüfen und „Prüfen und erzeugen“ wählen." },
        uploadUnreadable: "Die Datei konnte nicht gelesen werden",
        uploadProviderIgnored: "Der Dienstleister-Teil der Datei wurde nicht übernommen: Der Server gibt ihn vor.",
        csrfFailed: "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte die Seite neu laden und erneut absenden.",
        previewTitle: "Vorschau und Download",
        previewHeading: { "Dokumente für \($0)" },
        findingsHeading: "Prüfergebnis",
        noFindings: "Keine Beanstandungen: Alle Pflichtklauseln sind enthalten.",
        downloadsHeading: "Downloads",
        zipLabel: "Alles als ZIP",
        zipHelp: "Beide Dokumente als HTML und Text, das Manifest und die Kundendaten (customer.yaml), mit denen sich die Dokumente mit avv generate erneut erzeugen oder hier wieder laden lassen.",
        htmlLabel: "HTML (zum Drucken)",
        textLabel: "Text (für E-Mail)",
        manifestLabel: "Manifest",
        dataLabel: "Kundendaten (YAML)",
        previewHeadingDocument: { "\($0) (\($1))" },
        previewFrameTitle: { "Vorschau: \($0)" },
        editLink: "Zurück zum Formular (Angaben bleiben erhalten)",
        newLink: "Neuer Kunde",
        languageName: { $0 == .de ? "Deutsch" : "Englisch" },
        severityName: { ["error": "Fehler", "warning": "Warnung", "note": "Hinweis"][$0] ?? $0 },
        expired: "Dieses Ergebnis ist nicht mehr vorhanden. Bitte die Dokumente neu erzeugen.",
        savedTo: { "Auch gespeichert unter \($0)." }
    )

    static let english = UIStrings(
        pageTitle: "Create a data-processing agreement and remote-maintenance terms",
        heading: "Create a data-processing agreement and remote-maintenance terms",
        intro: "Fill in the customer and choose “Check and generate”: you see the documents, the check results and the downloads ready to sign.",
        requiredNote: "Fields marked * are required.",
        requiredMark: "required",
        requiredInGroup: "required when this section is filled in",
        skipLink: "Skip to the form",
        otherLanguage: "Deutsch",
        otherLanguageName: "de",
        documentsLegend: "Documents",
        documentsHelp: "Language and date of the generated documents.",
        documentLanguages: "Document language",
        languageOptions: [("de", "German"), ("en", "English"), ("de,en", "German and English")],
        documentDate: "Document date",
        documentDateHelp: "Printed in the documents as their date; usually today.",
        providerSummary: "Service provider (own profile)",
        providerLockedNote: "The service provider's profile is set by the server (--provider) and is the same for every customer; it is shown here for reference only.",
        customerSection: "Customer",
        submit: "Check and generate",
        add: "Add",
        remove: "Remove",
        rowAdded: "Row added",
        rowRemoved: "Row removed",
        chooseOption: "– please choose –",
        checkboxYes: "Yes",
        errorPrefix: "Error:",
        errorSummary: { $0 == 1 ? "1 entry needs correcting" : "\($0) entries need correcting" },
        uploadHeading: "Load saved customer data",
        uploadLabel: "Customer data (YAML)",
        uploadHelp: "The customer.yaml from a ZIP downloaded earlier, or a data file for avv generate. Its values are filled into the form.",
        uploadButton: "Load file",
        uploadLoaded: { "“\($0)” was loaded. Please review it and choose “Check and generate”." },
        uploadUnreadable: "The file could not be read",
        uploadProviderIgnored: "The service-provider part of the file was not taken over: the server sets it.",
        csrfFailed: "The form has expired or did not come from this page. Please reload the page and submit again.",
        previewTitle: "Preview and download",
        previewHeading: { "Documents for \($0)" },
        findingsHeading: "Check results",
        noFindings: "No findings: every required clause is present.",
        downloadsHeading: "Downloads",
        zipLabel: "Everything as a ZIP",
        zipHelp: "Both documents as HTML and text, the manifest and the customer data (customer.yaml), from which avv generate can produce the documents again, or which this form loads back.",
        htmlLabel: "HTML (for printing)",
        textLabel: "Text (for e-mail)",
        manifestLabel: "Manifest",
        dataLabel: "Customer data (YAML)",
        previewHeadingDocument: { "\($0) (\($1))" },
        previewFrameTitle: { "Preview: \($0)" },
        editLink: "Back to the form (your entries are kept)",
        newLink: "New customer",
        languageName: { $0 == .de ? "German" : "English" },
        severityName: { $0 },
        expired: "This result is no longer available. Please generate the documents again.",
        savedTo: { "Also saved to \($0)." }
    )
}
