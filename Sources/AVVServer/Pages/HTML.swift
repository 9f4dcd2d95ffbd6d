import AVVKit

/// Escaping for the server's pages: the same rules the document writers use.
enum HTML {
    /// Text content.
    static func text(_ text: String) -> String { HTMLEscaping.text(text) }
    /// A double-quoted attribute value.
    static func attr(_ value: String) -> String { HTMLEscaping.attribute(value) }

    /// The page frame shared by the form and the preview: one stylesheet, one small script,
    /// a skip link, and a language switch.
    static func page(language: Language, title: String, body: String, head: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(text(title))</title>
        <link rel="stylesheet" href="/static/form.css">
        <script src="/static/form.js" defer></script>
        \(head)</head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
