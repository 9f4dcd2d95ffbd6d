import AVVKit
import Foundation

/// The page after a valid submission: the check results, the downloads, and each document
/// in a sandboxed frame (the documents are complete HTML pages with their own print CSS).
struct PreviewPage {
    var result: GeneratedResult
    var language: Language

    private var strings: UIStrings { .forLanguage(language) }

    func render() -> String {
        let base = "/results/\(result.id)/"
        var body = "<a class=\"skip\" href=\"#main\">\(HTML.text(strings.skipLink))</a>\n"
        body += "<header><h1>\(HTML.text(strings.previewHeading(result.customerName)))</h1>\n"
        body += "<p class=\"nav\"><a href=\"\(base)edit?lang=\(language.rawValue)\">\(HTML.text(strings.editLink))</a> · "
        body += "<a href=\"/?lang=\(language.rawValue)\">\(HTML.text(strings.newLink))</a></p></header>\n"
        body += "<main id=\"main\">\n"
        if let saved = result.savedTo { body += "<p class=\"notice\" role=\"status\">\(HTML.text(strings.savedTo(saved)))</p>\n" }

        body += "<section aria-labelledby=\"findings-title\">\n<h2 id=\"findings-title\">\(HTML.text(strings.findingsHeading))</h2>\n"
        for (language, findings) in result.findings {
            if result.findings.count > 1 { body += "<h3>\(HTML.text(strings.languageName(language)))</h3>\n" }
            if findings.isEmpty {
                body += "<p class=\"ok\">\(HTML.text(strings.noFindings))</p>\n"
            } else {
                body += "<ul class=\"findings\">\n"
                for finding in findings {
                    body += "<li class=\"\(HTML.attr(finding.severity))\"><strong>\(HTML.text(strings.severityName(finding.severity)))</strong> "
                        + "<code>\(HTML.text(finding.code))</code>: \(HTML.text(finding.message))</li>\n"
                }
                body += "</ul>\n"
            }
        }
        body += "</section>\n"

        body += "<section aria-labelledby=\"downloads-title\">\n<h2 id=\"downloads-title\">\(HTML.text(strings.downloadsHeading))</h2>\n<ul class=\"downloads\">\n"
        body += "<li><a id=\"download-zip\" href=\"\(base)\(HTML.attr(result.zipName))?download=1\" download=\"\(HTML.attr(result.zipName))\">\(HTML.text(strings.zipLabel))</a> "
            + "<span class=\"help\">(\(HTML.text(result.zipName))) \(HTML.text(strings.zipHelp))</span></li>\n"
        for document in result.documents {
            let html = (document.html as NSString).lastPathComponent
            let text = (document.text as NSString).lastPathComponent
            let name = "\(document.title) (\(strings.languageName(document.language)))"
            body += "<li>\(HTML.text(name)): "
                + "<a href=\"\(base)\(HTML.attr(html))?download=1\" download=\"\(HTML.attr(html))\">\(HTML.text(strings.htmlLabel))</a>, "
                + "<a href=\"\(base)\(HTML.attr(text))?download=1\" download=\"\(HTML.attr(text))\">\(HTML.text(strings.textLabel))</a></li>\n"
        }
        for file in result.files where file.name.hasSuffix(".json") || file.name.hasSuffix(".yaml") {
            let label = file.name.hasSuffix(".json") ? strings.manifestLabel : strings.dataLabel
            body += "<li><a href=\"\(base)\(HTML.attr(file.name))?download=1\" download=\"\(HTML.attr(file.name))\">\(HTML.text(label))</a> (\(HTML.text(file.name)))</li>\n"
        }
        body += "</ul>\n</section>\n"

        for (offset, document) in result.documents.enumerated() {
            let name = (document.html as NSString).lastPathComponent
            let heading = strings.previewHeadingDocument(document.title, strings.languageName(document.language))
            body += "<section class=\"preview\" aria-labelledby=\"doc-\(offset)\">\n<h2 id=\"doc-\(offset)\">\(HTML.text(heading))</h2>\n"
            body += "<iframe src=\"\(base)\(HTML.attr(name))\" title=\"\(HTML.attr(strings.previewFrameTitle(heading)))\" sandbox=\"\"></iframe>\n</section>\n"
        }
        body += "</main>"
        return HTML.page(language: language, title: strings.previewTitle + " – " + result.customerName, body: body)
    }
}

/// A short page for a result that is gone or a form that was refused.
struct MessagePage {
    var language: Language
    var title: String
    var message: String

    func render() -> String {
        let strings = UIStrings.forLanguage(language)
        return HTML.page(language: language, title: title, body: """
            <main id="main">
            <h1>\(HTML.text(title))</h1>
            <p>\(HTML.text(message))</p>
            <p><a href="/?lang=\(language.rawValue)">\(HTML.text(strings.newLink))</a></p>
            </main>
            """)
    }
}
