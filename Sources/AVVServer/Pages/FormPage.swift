import AVVKit

/// The form page, generated from the schema: a fieldset per object, the input each type
/// calls for, lists as numbered rows with add and remove buttons, help texts and errors tied
/// to their inputs with `aria-describedby`. Works without JavaScript: add and remove are
/// submit buttons the server answers; the script only does the same in place.
struct FormPage {
    /// An error to show: the field path it concerns (nil: the whole form) and the message.
    struct FieldError: Sendable {
        var path: String?
        var message: String
    }

    var schema: SchemaNode
    var language: Language
    var csrfToken: String
    var tree: FormTree
    var errors: [FieldError] = []
    /// Top-level properties the server fills in (`--provider`): shown disabled, not submitted.
    var lockedKeys: Set<String> = []
    /// The top-level property that holds the customer; the other top-level parts are folded.
    var customerKey: String
    var documentLanguages = "de"
    var date: String
    var notices: [String] = []
    /// The field to focus when the page loads (a row just added without JavaScript).
    var focus: FieldPath?

    private var strings: UIStrings { .forLanguage(language) }

    /// Option and upload fields that are not data: errors about them use these paths.
    static let datePath = "_date"
    static let uploadPath = "_upload"

    func render() -> String {
        let placed = placeErrors()
        var body = "<a class=\"skip\" href=\"#form\">\(HTML.text(strings.skipLink))</a>\n"
        body += "<header><p class=\"lang-switch\"><a href=\"/?lang=\(strings.otherLanguageName)\" hreflang=\"\(strings.otherLanguageName)\" lang=\"\(strings.otherLanguageName)\">\(HTML.text(strings.otherLanguage))</a></p>\n"
        body += "<h1>\(HTML.text(strings.heading))</h1>\n<p>\(HTML.text(strings.intro))</p>\n"
        body += "<p class=\"note\">\(HTML.text(strings.requiredNote))</p></header>\n<main>\n"
        for notice in notices { body += "<p class=\"notice\" role=\"status\">\(HTML.text(notice))</p>\n" }
        if !errors.isEmpty { body += errorSummary(placed) }
        body += "<form id=\"form\" method=\"post\" action=\"/generate\" novalidate>\n"
        body += "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.attr(csrfToken))\">\n"
        body += "<input type=\"hidden\" name=\"_lang\" value=\"\(language.rawValue)\">\n"
        // The first submit button answers Enter in a text field: generate, not "add a row".
        body += "<button type=\"submit\" name=\"_action\" value=\"generate\" hidden>\(HTML.text(strings.submit))</button>\n"
        body += optionsFieldset(placed)
        var context = Context(placed: placed, focus: focus)
        let names = FormSchema.fieldNames(of: schema)
        for name in names.sorted(by: { ($0 == customerKey ? 0 : 1) < ($1 == customerKey ? 0 : 1) }) {
            guard let node = schema.property(name) else { continue }
            let path = FieldPath([.key(name)])
            let locked = lockedKeys.contains(name)
            let section = field(node, name: name, path: path, required: schema.requiredNames.contains(name),
                                chainRequired: schema.requiredNames.contains(name) && !locked,
                                disabled: locked, context: &context)
            if name == customerKey {
                body += section
            } else {
                // The provider's own profile: the same for every customer, so folded away.
                // Folded when the server sets it; open when it is to be filled in or has errors.
                let open = !locked || context.hasErrors(below: path)
                body += "<details class=\"provider\"\(open ? " open" : "")><summary>\(HTML.text(FormSchema.title(node, name: name, language: language)))</summary>\n"
                if locked { body += "<p class=\"note\">\(HTML.text(strings.providerLockedNote))</p>\n" }
                body += section + "</details>\n"
            }
        }
        body += "<p class=\"actions\"><button type=\"submit\" name=\"_action\" value=\"generate\" class=\"primary\">\(HTML.text(strings.submit))</button></p>\n"
        body += "</form>\n"
        body += uploadForm(placed)
        body += "<p id=\"live\" class=\"vh\" aria-live=\"polite\" data-added=\"\(HTML.attr(strings.rowAdded))\" data-removed=\"\(HTML.attr(strings.rowRemoved))\"></p>\n"
        body += "</main>"
        let title = (errors.isEmpty ? "" : strings.errorPrefix + " ") + strings.pageTitle
        return HTML.page(language: language, title: title, body: body)
    }

    // MARK: Errors

    /// Errors by the path of the element that shows them: the field itself, or else its
    /// nearest shown ancestor (a group or list); nil for errors only the summary shows.
    struct Placed {
        var byPath: [String: [String]] = [:]
        var summary: [(target: String?, label: String?, message: String)] = []
    }

    private func placeErrors() -> Placed {
        var shown: [String: String] = [FormPage.datePath: strings.documentDate, FormPage.uploadPath: strings.uploadLabel]
        collectShown(schema, path: FieldPath(), label: nil, into: &shown)
        var placed = Placed()
        for error in errors {
            let message = Self.wording(error.message, path: error.path, strings: strings)
            var target: String?
            if let path = error.path {
                if shown[path] != nil {
                    target = path
                } else if var candidate = FieldPath(parsing: path) {
                    while let parent = candidate.parent, !parent.isEmpty {
                        candidate = parent
                        if shown[candidate.description] != nil { target = candidate.description; break }
                    }
                }
            }
            if let target { placed.byPath[target, default: []].append(message) }
            placed.summary.append((target, target.flatMap { shown[$0] }, message))
        }
        return placed
    }

    /// Every path the page shows an element for, with its label for the error summary: the
    /// field's title after its group's (`Weisungsberechtigte Person › Name`), so that two
    /// fields called "Name" can be told apart.
    private func collectShown(_ node: SchemaNode, path: FieldPath, label: String?, into shown: inout [String: String]) {
        if !path.isEmpty { shown[path.description] = label }
        let prefix = path.steps.count >= 2 ? label.map { $0 + " › " } ?? "" : ""
        if node.isObject {
            for name in FormSchema.fieldNames(of: node) {
                guard let child = node.property(name) else { continue }
                collectShown(child, path: path.appending(name),
                             label: prefix + FormSchema.title(child, name: name, language: language), into: &shown)
            }
        } else if node.isArray, let items = node.items {
            for index in tree.value(at: path)?.rows.indices ?? 0..<0 {
                collectShown(items, path: path.appending(index: index),
                             label: "\(label ?? "") \(index + 1)", into: &shown)
            }
        }
    }

    /// The validator's message without the path it starts with (the field is right there).
    static func wording(_ message: String, path: String?, strings: UIStrings) -> String {
        var text = message
        if let colon = text.range(of: ": "), !text[..<colon.lowerBound].contains(" ") {
            text = String(text[colon.upperBound...])
        }
        if text.hasPrefix("missing required field"), strings.requiredMark == "Pflichtfeld" {
            let rest = text.range(of: "' ").map { String(text[$0.upperBound...]) } ?? ""
            text = "Pflichtangabe fehlt" + (rest.isEmpty ? "" : " " + rest)
        } else if text.hasPrefix("missing required field") {
            let rest = text.range(of: "' ").map { String(text[$0.upperBound...]) } ?? ""
            text = "This field is required" + (rest.isEmpty ? "" : " " + rest)
        }
        return text
    }

    private func errorSummary(_ placed: Placed) -> String {
        var out = "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\" id=\"error-summary\">\n"
        out += "<h2 id=\"error-summary-title\">\(HTML.text(strings.errorSummary(placed.summary.count)))</h2>\n<ul>\n"
        for entry in placed.summary {
            let text = (entry.label.map { $0 + ": " } ?? "") + entry.message
            if let target = entry.target {
                out += "<li><a href=\"#\(HTML.attr(Self.inputID(target)))\">\(HTML.text(text))</a></li>\n"
            } else {
                out += "<li>\(HTML.text(text))</li>\n"
            }
        }
        return out + "</ul>\n</div>\n"
    }

    static func inputID(_ path: String) -> String {
        if path.hasPrefix("_") { return "f-" + path.dropFirst() }
        return "f-" + (FieldPath(parsing: path)?.identifier ?? path)
    }

    // MARK: Fields

    struct Context {
        var placed: Placed
        var focus: FieldPath?

        func errors(at path: FieldPath) -> [String] { placed.byPath[path.description] ?? [] }

        func hasErrors(below path: FieldPath) -> Bool {
            placed.byPath.keys.contains { key in
                FieldPath(parsing: key).map { $0.hasPrefix(path) } ?? false
            }
        }
    }

    /// One schema node at `path`: a group, a list, or an input.
    /// - Parameters:
    ///   - required: the parent lists it in `required` (marked with `*`).
    ///   - chainRequired: required all the way up: the input gets the `required` attribute.
    private func field(_ node: SchemaNode, name: String, path: FieldPath, required: Bool, chainRequired: Bool,
                       disabled: Bool, context: inout Context, label: String? = nil, number: String? = nil) -> String {
        let title = label ?? FormSchema.title(node, name: name, language: language)
        let help = label == nil ? FormSchema.help(node, language: language) : nil
        // A list row is labelled by the list's title and its number, which the script renumbers.
        let titleHTML = HTML.text(title) + (number.map { " <span class=\"num\">\($0)</span>" } ?? "")
        let id = path.identifier
        let errors = context.errors(at: path)
        let helpHTML = help.map { "<p class=\"help\" id=\"h-\(id)\">\(HTML.text($0))</p>\n" } ?? ""
        let errorHTML = errors.isEmpty ? "" : "<p class=\"error\" id=\"e-\(id)\"><span class=\"vh\">\(HTML.text(strings.errorPrefix)) </span>\(HTML.text(errors.joined(separator: " · ")))</p>\n"
        var described: [String] = []
        if help != nil { described.append("h-\(id)") }
        if !errors.isEmpty { described.append("e-\(id)") }
        let describedBy = described.isEmpty ? "" : " aria-describedby=\"\(described.joined(separator: " "))\""
        let mark = requiredMark(required, chainRequired: chainRequired)

        switch FormSchema.input(for: node) {
        case .group:
            var out = "<fieldset class=\"group\(errors.isEmpty ? "" : " invalid")\" id=\"f-\(id)\"\(disabled ? " disabled" : "")\(describedBy)>\n"
            out += "<legend>\(titleHTML)\(mark)</legend>\n" + helpHTML + errorHTML
            for child in FormSchema.fieldNames(of: node) {
                guard let childNode = node.property(child) else { continue }
                let childRequired = node.requiredNames.contains(child)
                out += field(childNode, name: child, path: path.appending(child), required: childRequired,
                             chainRequired: chainRequired && childRequired, disabled: false, context: &context)
            }
            return out + "</fieldset>\n"
        case .list:
            return list(node, title: title, path: path, mark: mark, helpHTML: helpHTML, errorHTML: errorHTML,
                        describedBy: describedBy, disabled: disabled, context: &context)
        case .checkbox:
            let checked = tree.value(at: path)?.text == "true"
            return "<div class=\"field checkbox\(errors.isEmpty ? "" : " invalid")\">\n" + errorHTML
                + "<input type=\"checkbox\" id=\"f-\(id)\" name=\"\(HTML.attr(path.description))\" value=\"true\"\(checked ? " checked" : "")\(invalid(errors))\(describedBy)\(autofocus(path, &context))>\n"
                + "<label for=\"f-\(id)\">\(titleHTML)</label>\n" + helpHTML + "</div>\n"
        case .select(let options):
            let current = tree.value(at: path)?.text ?? ""
            var out = "<div class=\"field\(errors.isEmpty ? "" : " invalid")\">\n<label for=\"f-\(id)\">\(titleHTML)\(mark)</label>\n" + helpHTML + errorHTML
            out += "<select id=\"f-\(id)\" name=\"\(HTML.attr(path.description))\"\(chainRequired ? " required" : "")\(invalid(errors))\(describedBy)\(autofocus(path, &context))>\n"
            out += "<option value=\"\"\(current.isEmpty ? " selected" : "")>\(HTML.text(strings.chooseOption))</option>\n"
            for option in options {
                out += "<option\(option == current ? " selected" : "")>\(HTML.text(option))</option>\n"
            }
            // A value typed into an uploaded file that the schema does not allow stays visible.
            if !current.isEmpty, !options.contains(current) {
                out += "<option selected>\(HTML.text(current))</option>\n"
            }
            return out + "</select>\n</div>\n"
        case let kind:
            let value = tree.value(at: path)?.text ?? ""
            let type: String
            var extra = ""
            switch kind {
            case .email: type = "email"; extra = " autocomplete=\"off\""
            case .url: type = "url"
            case .date: type = "date"
            case .integer: type = "text"; extra = " inputmode=\"numeric\""
            case .number: type = "text"; extra = " inputmode=\"decimal\""
            default: type = "text"
            }
            return "<div class=\"field\(errors.isEmpty ? "" : " invalid")\">\n<label for=\"f-\(id)\">\(titleHTML)\(mark)</label>\n" + helpHTML + errorHTML
                + "<input type=\"\(type)\" id=\"f-\(id)\" name=\"\(HTML.attr(path.description))\" value=\"\(HTML.attr(value))\"\(extra)\(chainRequired ? " required" : "")\(invalid(errors))\(describedBy)\(autofocus(path, &context))>\n</div>\n"
        }
    }

    private func list(_ node: SchemaNode, title: String, path: FieldPath, mark: String, helpHTML: String,
                      errorHTML: String, describedBy: String, disabled: Bool, context: inout Context) -> String {
        guard let items = node.items else { return "" }
        let id = path.identifier
        let rows = tree.value(at: path)?.rows ?? []
        var out = "<fieldset class=\"list\(errorHTML.isEmpty ? "" : " invalid")\" id=\"f-\(id)\" data-list=\"\(HTML.attr(path.description))\"\(disabled ? " disabled" : "")\(describedBy)>\n"
        out += "<legend>\(HTML.text(title))\(mark)</legend>\n" + helpHTML + errorHTML
        out += "<ol class=\"rows\">\n"
        for index in rows.indices {
            out += row(items, title: title, list: path, index: index, context: &context)
        }
        out += "</ol>\n"
        // The row the script copies for "add"; `__i__` is the index, `__n__` the number shown.
        var scratch = Context(placed: Placed(), focus: nil)
        out += "<template>\n" + row(items, title: title, list: path, index: nil, context: &scratch) + "</template>\n"
        out += "<button type=\"submit\" name=\"_action\" value=\"add:\(HTML.attr(path.description))\" class=\"add\" data-add>\(HTML.text(strings.add))<span class=\"vh\">: \(HTML.text(title))</span></button>\n"
        return out + "</fieldset>\n"
    }

    /// One list row; `index` nil renders the template row, with `__i__` and `__n__` in place
    /// of the index and the number, and no values.
    private func row(_ items: SchemaNode, title: String, list: FieldPath, index: Int?, context: inout Context) -> String {
        let rowPath = list.appending(index: index ?? FieldPath.placeholderIndex)
        let number = index.map { String($0 + 1) } ?? "__n__"
        var out = "<li class=\"row\" data-path=\"\(HTML.attr(rowPath.description))\" data-id=\"\(HTML.attr(rowPath.identifier))\">\n"
        var renderer = self
        if index == nil { renderer.tree = .empty }
        out += renderer.field(items, name: "", path: rowPath, required: false, chainRequired: false, disabled: false,
                              context: &context, label: title, number: number)
        out += "<button type=\"submit\" name=\"_action\" value=\"remove:\(HTML.attr(rowPath.description))\" class=\"remove\" data-remove>"
            + "\(HTML.text(strings.remove))<span class=\"vh\"> \(HTML.text(title)) <span class=\"num\">\(number)</span></span></button>\n"
        return out + "</li>\n"
    }

    private func requiredMark(_ required: Bool, chainRequired: Bool) -> String {
        guard required else { return "" }
        let words = chainRequired ? strings.requiredMark : strings.requiredInGroup
        return "<span class=\"req\" aria-hidden=\"true\"> *</span><span class=\"vh\"> (\(HTML.text(words)))</span>"
    }

    private func invalid(_ errors: [String]) -> String { errors.isEmpty ? "" : " aria-invalid=\"true\"" }

    private func autofocus(_ path: FieldPath, _ context: inout Context) -> String {
        guard let focus = context.focus, path.hasPrefix(focus) else { return "" }
        context.focus = nil
        return " autofocus"
    }

    // MARK: Options and upload

    private func optionsFieldset(_ placed: Placed) -> String {
        let dateErrors = placed.byPath[FormPage.datePath] ?? []
        var out = "<fieldset class=\"group options\">\n<legend>\(HTML.text(strings.documentsLegend))</legend>\n"
        out += "<p class=\"help\">\(HTML.text(strings.documentsHelp))</p>\n"
        out += "<div class=\"field\">\n<label for=\"f-doclang\">\(HTML.text(strings.documentLanguages))</label>\n<select id=\"f-doclang\" name=\"_doclang\">\n"
        for option in strings.languageOptions {
            out += "<option value=\"\(option.value)\"\(option.value == documentLanguages ? " selected" : "")>\(HTML.text(option.label))</option>\n"
        }
        out += "</select>\n</div>\n"
        out += "<div class=\"field\(dateErrors.isEmpty ? "" : " invalid")\">\n<label for=\"f-date\">\(HTML.text(strings.documentDate))</label>\n"
        out += "<p class=\"help\" id=\"h-date\">\(HTML.text(strings.documentDateHelp))</p>\n"
        if !dateErrors.isEmpty {
            out += "<p class=\"error\" id=\"e-date\"><span class=\"vh\">\(HTML.text(strings.errorPrefix)) </span>\(HTML.text(dateErrors.joined(separator: " · ")))</p>\n"
        }
        out += "<input type=\"date\" id=\"f-date\" name=\"_date\" value=\"\(HTML.attr(date))\" aria-describedby=\"h-date\(dateErrors.isEmpty ? "" : " e-date")\"\(invalid(dateErrors))>\n</div>\n"
        return out + "</fieldset>\n"
    }

    private func uploadForm(_ placed: Placed) -> String {
        let uploadErrors = placed.byPath[FormPage.uploadPath] ?? []
        var out = "<section class=\"upload\" aria-labelledby=\"upload-title\">\n<h2 id=\"upload-title\">\(HTML.text(strings.uploadHeading))</h2>\n"
        out += "<form method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\" novalidate>\n"
        out += "<input type=\"hidden\" name=\"_csrf\" value=\"\(HTML.attr(csrfToken))\">\n"
        out += "<input type=\"hidden\" name=\"_lang\" value=\"\(language.rawValue)\">\n"
        out += "<div class=\"field\(uploadErrors.isEmpty ? "" : " invalid")\">\n<label for=\"f-upload\">\(HTML.text(strings.uploadLabel))</label>\n"
        out += "<p class=\"help\" id=\"h-upload\">\(HTML.text(strings.uploadHelp))</p>\n"
        if !uploadErrors.isEmpty {
            out += "<p class=\"error\" id=\"e-upload\"><span class=\"vh\">\(HTML.text(strings.errorPrefix)) </span>\(HTML.text(uploadErrors.joined(separator: " · ")))</p>\n"
        }
        out += "<input type=\"file\" id=\"f-upload\" name=\"data\" accept=\".yaml,.yml,.json,application/yaml,text/yaml\" aria-describedby=\"h-upload\(uploadErrors.isEmpty ? "" : " e-upload")\"\(invalid(uploadErrors))>\n</div>\n"
        out += "<p class=\"actions\"><button type=\"submit\">\(HTML.text(strings.uploadButton))</button></p>\n</form>\n</section>\n"
        return out
    }
}
