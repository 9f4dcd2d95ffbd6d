/// Marks generated documents as drafts (`avv generate --draft`), for work in progress whose
/// clauses are not all approved.
///
/// The document itself starts with "ENTWURF – nicht zur Unterschrift" (English: "DRAFT –
/// not for signature"), so both the HTML and the text version say so at the top and the text
/// hash covers it. The HTML also repeats the word on every printed page: in the top margin
/// box of `@page`, and as a fixed-position watermark, which browsers print on every page.
///
/// The writers stay untouched (their golden files do not change): the draft style and the
/// watermark are added to the finished HTML, whose `</head>` and `<body>` are fixed.
enum DraftMark {
    static func word(_ language: Language) -> String {
        language == .de ? "ENTWURF" : "DRAFT"
    }

    static func notice(_ language: Language) -> String {
        language == .de ? "ENTWURF – nicht zur Unterschrift" : "DRAFT – not for signature"
    }

    /// The document with the draft notice as its first block.
    static func mark(_ document: Document) -> Document {
        var marked = document
        marked.blocks.insert(.paragraph(Paragraph(content: [.strong([.text(notice(document.language))])])), at: 0)
        return marked
    }

    /// The HTML with the draft style sheet and the watermark added.
    static func html(_ html: String, language: Language) -> String {
        let style = "<style>\n" + css(language) + "</style>\n"
        let mark = "<div class=\"draft-watermark\" aria-hidden=\"true\">\(word(language))</div>\n"
        guard let head = html.range(of: "</head>\n"), let body = html.range(of: "<body>\n"),
              head.upperBound <= body.lowerBound else {
            preconditionFailure("HTMLWriter output without </head> before <body>")
        }
        return String(html[..<head.lowerBound]) + style + String(html[head.lowerBound..<body.upperBound]) + mark
            + String(html[body.upperBound...])
    }

    /// Only characters that are safe in a polyglot `<style>` element.
    static func css(_ language: Language) -> String {
        """
        @page {
          @top-center {
            content: "\(notice(language))";
            font-size: 9pt;
            font-weight: bold;
            letter-spacing: 0.08em;
            color: #a4001d;
          }
        }
        .draft-watermark {
          position: fixed;
          top: 45%;
          left: 0;
          right: 0;
          z-index: 10;
          text-align: center;
          font-size: 7rem;
          font-weight: bold;
          letter-spacing: 0.12em;
          color: rgba(164, 0, 29, 0.13);
          transform: rotate(-30deg);
          pointer-events: none;
          user-select: none;
        }
        main.document > p:first-of-type {
          padding: 0.5em 0.8em;
          border: 2px solid #a4001d;
          color: #a4001d;
          text-align: center;
          letter-spacing: 0.04em;
        }

        """
    }
}
