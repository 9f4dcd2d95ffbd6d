/// The inline style sheet of every HTML document: a serif contract page on screen, A4 in print.
///
/// It must stay valid inside a polyglot `<style>` element: no `<`, `&` or `>` characters.
/// Only locally installed fonts are named, so opening a document requests nothing.
enum HTMLStyle {
    static let css = """
        @page {
          size: A4;
          margin: 22mm 20mm 24mm 25mm;
          @bottom-right {
            content: counter(page) " / " counter(pages);
            font-size: 8pt;
            color: #555;
          }
        }
        html {
          -webkit-text-size-adjust: 100%;
          text-size-adjust: 100%;
        }
        body {
          margin: 0;
          background: #eceae4;
          color: #1b1b1b;
          font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "Times New Roman", serif;
          font-size: 1.0625rem;
          line-height: 1.55;
          font-kerning: normal;
        }
        main.document {
          box-sizing: border-box;
          max-width: 48rem;
          margin: 2rem auto 0;
          padding: 3.5rem 4rem 2.5rem;
          background: #fff;
          box-shadow: 0 1px 3px rgba(0, 0, 0, 0.15);
        }
        h1, h2, h3, h4, h5, h6 {
          line-height: 1.3;
          break-after: avoid;
          page-break-after: avoid;
          break-inside: avoid;
        }
        h1 {
          font-size: 1.65rem;
          text-align: center;
          margin: 0 0 2.25rem;
          letter-spacing: 0.01em;
        }
        h2 {
          font-size: 1.2rem;
          margin: 2.2rem 0 0.7rem;
        }
        h3 {
          font-size: 1.05rem;
          margin: 1.5rem 0 0.5rem;
        }
        h4, h5, h6 {
          font-size: 1rem;
          font-style: italic;
          margin: 1.2rem 0 0.4rem;
        }
        p {
          margin: 0 0 0.65em;
        }
        h1, h2, h3, h4, h5, h6, p, li, td, th, dd {
          overflow-wrap: break-word;
        }
        p, li, td, th {
          hyphens: manual;
          orphans: 3;
          widows: 3;
        }
        p.numbered, ol.labelled li, ul.labelled li {
          position: relative;
          padding-left: 2.4em;
        }
        p.numbered .number, .labelled .label {
          position: absolute;
          left: 0;
        }
        ul, ol {
          margin: 0.35em 0 0.75em;
          padding-left: 1.4em;
        }
        .continued, div.table.continued {
          margin-left: 2.4em;
        }
        ol.labelled, ul.labelled {
          list-style: none;
          padding-left: 0;
        }
        li {
          margin: 0 0 0.3em;
        }
        li p {
          margin: 0 0 0.3em;
        }
        li ul, li ol {
          margin: 0.25em 0 0.35em;
        }
        a {
          color: #1d3f73;
        }
        a.ref {
          color: inherit;
          text-decoration: underline dotted;
        }
        .fill-in {
          display: inline-block;
          position: relative;
          min-width: 12em;
          margin: 0 0.15em 0.9em;
          border-bottom: 1px solid #1b1b1b;
        }
        .fill-in-label {
          position: absolute;
          left: 0;
          top: 100%;
          font-size: 0.68em;
          line-height: 1.3;
          color: #4a4a4a;
          white-space: nowrap;
        }
        .url {
          font-size: 0.9em;
          overflow-wrap: anywhere;
        }
        nav.toc {
          margin: 0 0 2rem;
        }
        nav.toc ol {
          list-style: none;
          padding: 0;
          margin: 0;
        }
        nav.toc li {
          margin: 0.15em 0;
          text-align: left;
        }
        nav.toc a {
          display: grid;
          grid-template-columns: 6.5em 1fr;
          color: inherit;
          text-decoration: none;
        }
        nav.toc a:hover .title {
          text-decoration: underline;
        }
        nav.toc li.depth-1 { padding-left: 1.5em; }
        nav.toc li.depth-2 { padding-left: 3em; }
        nav.toc li.depth-3 { padding-left: 4.5em; }
        div.table {
          overflow-x: auto;
          margin: 0.6em 0 1em;
        }
        table {
          border-collapse: collapse;
          width: 100%;
          font-size: 0.94em;
          line-height: 1.45;
        }
        th, td {
          border: 1px solid #8a8a8a;
          padding: 0.35em 0.55em;
          vertical-align: top;
          text-align: left;
        }
        thead th {
          background: #efefec;
        }
        tr {
          break-inside: avoid;
          page-break-inside: avoid;
        }
        section.annex {
          margin-top: 3.5rem;
          padding-top: 1.5rem;
          border-top: 2px solid #1b1b1b;
        }
        div.signatures {
          display: grid;
          grid-template-columns: repeat(2, minmax(0, 1fr));
          gap: 2.5rem 3.5rem;
          margin: 2.5rem 0 1rem;
          break-inside: avoid;
          page-break-inside: avoid;
        }
        .party .role {
          font-weight: bold;
          margin: 0;
          text-align: left;
        }
        .party .party-name {
          margin: 0 0 0.5rem;
          text-align: left;
        }
        .field {
          margin-top: 1.1rem;
        }
        .field .fill {
          min-height: 1.55em;
          padding: 0 0.2em;
          border-bottom: 1px solid #1b1b1b;
        }
        .field.signature .fill {
          min-height: 3.6em;
        }
        .field .caption {
          font-size: 0.8em;
          color: #4a4a4a;
          padding-top: 0.15em;
        }
        footer.stamp {
          box-sizing: border-box;
          max-width: 48rem;
          margin: 0 auto 2rem;
          padding: 1rem 4rem 1.25rem;
          background: #fff;
          border-top: 1px solid #d4d2cc;
          font-size: 0.78rem;
          line-height: 1.45;
          color: #4a4a4a;
        }
        footer.stamp dl {
          display: grid;
          grid-template-columns: max-content 1fr;
          gap: 0.1rem 1rem;
          margin: 0;
        }
        footer.stamp dl div {
          display: contents;
        }
        footer.stamp dt {
          font-weight: bold;
        }
        footer.stamp dd {
          margin: 0;
        }
        footer.stamp code {
          font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
          font-size: 0.95em;
          overflow-wrap: anywhere;
        }
        @media (max-width: 40rem) {
          main.document, footer.stamp {
            padding-left: 1.1rem;
            padding-right: 1.1rem;
          }
          main.document {
            margin-top: 0;
            padding-top: 1.75rem;
          }
          div.signatures {
            grid-template-columns: minmax(0, 1fr);
          }
        }
        @media print {
          body {
            background: none;
            font-size: 10.5pt;
            line-height: 1.45;
          }
          main.document, footer.stamp {
            max-width: none;
            margin: 0;
            padding: 0;
            box-shadow: none;
          }
          a, a.ref {
            color: inherit;
            text-decoration: none;
          }
          section.annex {
            break-before: page;
            page-break-before: always;
            margin-top: 0;
            padding-top: 0;
            border-top: none;
          }
          div.table {
            overflow: visible;
          }
          footer.stamp {
            margin-top: 2.5em;
            padding-top: 0.5em;
            border-top: 0.5pt solid #888;
            font-size: 8pt;
            break-inside: avoid;
            page-break-inside: avoid;
          }
        }

        """
}
