/// The inline style sheet of the review report: the documents' typography, readable on
/// screen and on A4 paper. Deletions and insertions are marked by colour and by line
/// (struck through, underlined), so that a black-and-white print shows them too.
///
/// It must stay valid inside a polyglot `<style>` element: no `<`, `&` or `>` characters.
enum ReviewStyle {
    static let css = """
        @page {
          size: A4;
          margin: 18mm 16mm 20mm 20mm;
          @bottom-right {
            content: counter(page) " / " counter(pages);
            font-size: 8pt;
            color: #555;
          }
        }
        body {
          margin: 0;
          background: #eceae4;
          color: #1b1b1b;
          font-family: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "Times New Roman", serif;
          font-size: 1rem;
          line-height: 1.5;
        }
        main.review {
          box-sizing: border-box;
          max-width: 58rem;
          margin: 2rem auto;
          padding: 2.5rem 3.5rem;
          background: #fff;
          box-shadow: 0 1px 3px rgba(0, 0, 0, 0.15);
        }
        h1, h2, h3, h4, h5 {
          line-height: 1.3;
          break-after: avoid;
          page-break-after: avoid;
        }
        h1 { font-size: 1.7rem; margin: 0 0 0.3rem; }
        h2 { font-size: 1.35rem; margin: 2.5rem 0 1rem; border-bottom: 2px solid #1b1b1b; padding-bottom: 0.2rem; }
        h3 { font-size: 1.15rem; margin: 2.2rem 0 0.6rem; border-bottom: 1px solid #bbb; padding-bottom: 0.15rem; }
        h4 { font-size: 1.02rem; margin: 1.4rem 0 0.4rem; }
        h5 { font-size: 0.92rem; margin: 1.1rem 0 0.4rem; color: #333; }
        .subtitle { margin: 0 0 1.5rem; color: #444; }
        code {
          font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
          font-size: 0.86em;
        }
        code.hash { overflow-wrap: anywhere; font-size: 0.8em; }
        dl.counts, dl.meta {
          display: grid;
          grid-template-columns: max-content 1fr;
          gap: 0.15rem 1.2rem;
          margin: 0 0 1rem;
        }
        dl.counts div, dl.meta div { display: contents; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        dl.meta { font-size: 0.9em; }
        ul.covers { margin: 0; padding-left: 1.1em; }
        .id { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
        .missing { color: #a4001d; }
        .how { font-size: 0.92em; color: #333; }
        ul.pending li { margin: 0.15em 0; }
        nav.toc ol { padding-left: 1.3em; }
        nav.toc li.flagged::marker { color: #a4001d; }
        nav.toc li.flagged a { font-weight: bold; }
        div.table { overflow-x: auto; margin: 0.5em 0 1em; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9em; line-height: 1.4; }
        th, td { border: 1px solid #8a8a8a; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
        thead th { background: #efefec; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .badge {
          display: inline-block;
          margin-left: 0.4em;
          padding: 0 0.5em;
          border-radius: 0.3em;
          font-size: 0.78em;
          font-weight: bold;
          letter-spacing: 0.02em;
          border: 1px solid currentColor;
        }
        .badge.approved { color: #1f5c33; }
        .badge.changed, .badge.unapproved { color: #a4001d; }
        .variant {
          margin: 0.6rem 0 1rem;
          border-left: 3px solid #c9c6bd;
          padding: 0.1rem 0 0.1rem 0.9rem;
        }
        .trigger { margin: 0 0 0.4rem; font-size: 0.9em; }
        .trigger .term {
          font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
          font-size: 0.9em;
          background: #f1efe9;
          padding: 0 0.25em;
        }
        .trigger .source { color: #555; }
        .text p { margin: 0 0 0.5em; }
        .text p.numbered { position: relative; padding-left: 2.4em; }
        .text p.numbered .number { position: absolute; left: 0; }
        .text p.subheading { font-weight: bold; margin-top: 0.8em; }
        .text ol, .text ul { list-style: none; padding-left: 0.4em; margin: 0.3em 0 0.6em 2.4em; }
        .text li { margin: 0 0 0.25em; }
        .text li p { display: inline; }
        .text .label { display: inline-block; min-width: 1.8em; }
        .text .ref { text-decoration: underline dotted; }
        .url { font-size: 0.9em; overflow-wrap: anywhere; }
        .absent, .note { font-style: italic; color: #444; }
        .redline {
          line-height: 1.65;
          background: #fbfaf7;
          border: 1px solid #dedbd2;
          padding: 0.6rem 0.8rem;
          overflow-wrap: break-word;
        }
        .redline code.tag { color: #6a6a6a; font-size: 0.78em; }
        .redline code.value { color: #1d3f73; }
        del {
          color: #a4001d;
          background: #fde8ea;
          text-decoration: line-through;
        }
        ins {
          color: #0d5a2a;
          background: #e2f3e7;
          text-decoration: underline;
        }
        @media (max-width: 40rem) {
          main.review { padding: 1.2rem; margin: 0; }
          dl.counts, dl.meta { grid-template-columns: 1fr; }
        }
        @media print {
          body { background: none; font-size: 10pt; }
          main.review { max-width: none; margin: 0; padding: 0; box-shadow: none; }
          a { color: inherit; text-decoration: none; }
          section.document { break-before: page; page-break-before: always; }
          .variant, .badge, del, ins {
            -webkit-print-color-adjust: exact;
          }
          .variant { break-inside: avoid; page-break-inside: avoid; }
          .redline { background: none; }
        }

        """
}
