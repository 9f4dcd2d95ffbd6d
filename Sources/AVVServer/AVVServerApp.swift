import AVVKit
import Foundation
import Hummingbird

/// The web form's routes over a ``ServerSetup``:
///
/// | route | answer |
/// |---|---|
/// | `GET /` (`?lang=en`) | the form, generated from the schema |
/// | `POST /generate` | 200 the preview; 422 the form with errors beside the fields; 200 the form after "add"/"remove" without JavaScript |
/// | `POST /upload` | the form filled from an uploaded YAML (multipart) |
/// | `GET /results/ID/FILE` | a generated file (`?download=1` as attachment); `FILE` = `edit`: the form again |
/// | `GET /static/form.css`, `form.js` | the page's style and its small script |
public enum AVVServerApp {
    /// Largest request body accepted: a data file's limit plus room for form encoding.
    public static let maxBodyBytes = DataLoader.maxFileSize + 256 * 1024

    /// The router with every route and middleware; `credentials` turn on basic auth.
    public static func router(setup: ServerSetup, credentials: Credentials? = nil) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        if let credentials { router.add(middleware: BasicAuthMiddleware(credentials: credentials)) }
        let handlers = Handlers(setup: setup, store: ResultStore())
        router.get("/") { request, _ in handlers.form(request) }
        router.post("/generate") { request, _ in try await handlers.generate(request) }
        router.post("/upload") { request, _ in try await handlers.upload(request) }
        router.get("/results/:id/:file") { request, context in
            try await handlers.result(request, id: context.parameters.require("id"), file: context.parameters.require("file"))
        }
        router.get("/static/form.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: StaticAssets.css)))
        }
        router.get("/static/form.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=300"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: StaticAssets.javascript)))
        }
        return router
    }

    /// The application listening on `host:port`; `onRunning` gets the bound port (useful with port 0).
    public static func application(
        setup: ServerSetup, host: String, port: Int, credentials: Credentials?,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(setup: setup, credentials: credentials),
            configuration: .init(address: .hostname(host, port: port), serverName: "avv-server"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }
}

/// The request handlers; each request is independent (the store holds only results).
struct Handlers: Sendable {
    let setup: ServerSetup
    let store: ResultStore

    private var schema: SchemaNode { setup.templates.schema.root }

    // MARK: Routes

    func form(_ request: Request) -> Response {
        let language = Self.language(request.uri.queryParameters.get("lang"))
        let (token, isNew) = csrfToken(request)
        let page = formPage(language: language, token: token, tree: lockedTree(.empty))
        return html(page.render(), status: .ok, newToken: isNew ? token : nil)
    }

    func generate(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: AVVServerApp.maxBodyBytes)
        let fields = FormBody.urlEncoded(Array(body.readableBytesView))
        let value = { (name: String) in fields.first { $0.name == name }?.value }
        let language = Self.language(value("_lang"))
        guard let token = checkedToken(request, submitted: value("_csrf")) else { return refused(language) }

        var page = formPage(language: language, token: token, tree: lockedTree(FormTree(fields: fields)))
        page.date = value("_date").map { $0.trimmingCharacters(in: .whitespaces) } ?? DocumentDate.today()
        if let languages = value("_doclang"), Self.documentLanguages(languages, available: setup.templates.languages) != nil {
            page.documentLanguages = languages
        }

        // "Add a row" and "remove a row" without JavaScript: the same form, one row more or less.
        if let action = value("_action"), action != "generate" {
            applyRowAction(action, to: &page)
            return html(page.render(), status: .ok)
        }

        let converted = FormConverter.convert(page.tree, schema: schema)
        page.tree = lockedTree(converted.tree)
        var data = converted.data
        if case .object(var members) = data {
            for (key, provider) in setup.provider { members[key] = provider }
            data = .object(members)
        }
        guard DocumentDate.isValid(page.date) else {
            page.errors = [.init(path: FormPage.datePath, message: Self.dateMessage(page.date, language))]
            return html(page.render(), status: .unprocessableContent)
        }
        let languages = Self.documentLanguages(page.documentLanguages, available: setup.templates.languages) ?? [.de]
        switch Generation.run(data, setup: setup, languages: languages, date: page.date, id: ResultStore.newID()) {
        case .invalid(let errors):
            page.errors = errors
            return html(page.render(), status: .unprocessableContent)
        case .done(var result):
            if let out = setup.outputDirectory {
                do {
                    try OutputWriter.write(result.files.map { OutputFile(relativePath: $0.relativePath, contents: $0.contents) },
                                           into: out)
                    result.savedTo = (out as NSString).appendingPathComponent(result.folder)
                } catch {
                    page.errors = error.diagnostics.map { .init(path: nil, message: $0.message) }
                    return html(page.render(), status: .internalServerError)
                }
            }
            await store.put(result)
            return html(PreviewPage(result: result, language: language).render(), status: .ok)
        }
    }

    func upload(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: AVVServerApp.maxBodyBytes)
        let parts = FormBody.multipart(Array(body.readableBytesView), contentType: request.headers[.contentType] ?? "") ?? []
        let value = { (name: String) in parts.first { $0.name == name }.map { String(decoding: $0.contents, as: UTF8.self) } }
        let language = Self.language(value("_lang"))
        guard let token = checkedToken(request, submitted: value("_csrf")) else { return refused(language) }
        let strings = UIStrings.forLanguage(language)
        var page = formPage(language: language, token: token, tree: lockedTree(.empty))

        guard let file = parts.first(where: { $0.name == "data" }), !file.contents.isEmpty else {
            page.errors = [.init(path: FormPage.uploadPath, message: strings.uploadUnreadable)]
            return html(page.render(), status: .unprocessableContent)
        }
        let name = Self.safeFileName(file.filename)
        do {
            let loaded = try DataLoader.load(data: Data(file.contents), file: name, format: DataFormat(path: name) ?? .yaml)
            page.tree = lockedTree(FormTree(data: loaded.root))
            page.notices = [strings.uploadLoaded(name)]
            if case .object(let members) = loaded.root, setup.provider.keys.contains(where: { members[$0] != nil }) {
                page.notices.append(strings.uploadProviderIgnored)
            }
            return html(page.render(), status: .ok)
        } catch {
            page.errors = error.diagnostics.prefix(5).map {
                .init(path: FormPage.uploadPath, message: "\(strings.uploadUnreadable): \($0.description)")
            }
            return html(page.render(), status: .unprocessableContent)
        }
    }

    func result(_ request: Request, id: String, file: String) async throws -> Response {
        let language = Self.language(request.uri.queryParameters.get("lang"))
        let strings = UIStrings.forLanguage(language)
        guard id.count == 32, id.allSatisfy(\.isHexDigit), let result = await store.get(id) else {
            return html(MessagePage(language: language, title: strings.previewTitle, message: strings.expired).render(),
                        status: .notFound)
        }
        if file == "edit" {
            let (token, isNew) = csrfToken(request)
            var page = formPage(language: language, token: token, tree: lockedTree(FormTree(data: result.data)))
            page.date = result.date
            page.documentLanguages = result.documentLanguages
            return html(page.render(), status: .ok, newToken: isNew ? token : nil)
        }
        guard let (contents, type) = result.file(named: file) else {
            return html(MessagePage(language: language, title: strings.previewTitle, message: strings.expired).render(),
                        status: .notFound)
        }
        var headers: HTTPFields = [.contentType: type, .contentSecurityPolicy: Security.documentPolicy]
        if request.uri.queryParameters.get("download") != nil || type == "application/zip" {
            headers[.contentDisposition] = "attachment; filename=\"\(file)\""
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: contents)))
    }

    // MARK: Helpers

    private func formPage(language: Language, token: String, tree: FormTree) -> FormPage {
        FormPage(schema: schema, language: language, csrfToken: token, tree: tree,
                 lockedKeys: Set(setup.provider.keys), customerKey: setup.customerKey, date: DocumentDate.today())
    }

    /// The tree with the provider's parts, when the server sets them, in place of anything submitted.
    private func lockedTree(_ tree: FormTree) -> FormTree {
        var tree = tree
        for (key, value) in setup.provider {
            tree = tree.updating(FieldPath([.key(key)])) { _ in FormTree(data: value) }
        }
        return tree
    }

    private func applyRowAction(_ action: String, to page: inout FormPage) {
        if action.hasPrefix("add:"), let path = FieldPath(parsing: String(action.dropFirst(4))),
           let node = schema.node(atPath: path.steps.map(Self.segment)), node.isArray, let items = node.items {
            let count = page.tree.value(at: path)?.rows.count ?? 0
            guard count < FieldPath.maxIndex else { return }
            page.tree = page.tree.updating(path) { list in
                .list((list?.rows ?? []) + [items.isObject ? .empty : items.isArray ? .list([]) : .text("")])
            }
            page.focus = path.appending(index: count)
        } else if action.hasPrefix("remove:"), let path = FieldPath(parsing: String(action.dropFirst(7))),
                  case .index? = path.steps.last {
            page.tree = page.tree.updating(path) { _ in nil }
        }
        page.tree = lockedTree(page.tree)
    }

    private static func segment(_ step: FieldPath.Step) -> String {
        switch step {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }

    /// The CSRF token of this browser: the cookie's, or a new one to set.
    private func csrfToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let existing = request.cookies[Security.csrfCookie]?.value, Security.isWellFormedToken(existing) {
            return (existing, false)
        }
        return (Security.newToken(), true)
    }

    /// The token when the submitted field matches the cookie; nil refuses the request.
    private func checkedToken(_ request: Request, submitted: String?) -> String? {
        guard let cookie = request.cookies[Security.csrfCookie]?.value, Security.isWellFormedToken(cookie),
              let submitted, Security.constantTimeEqual(Array(cookie.utf8), Array(submitted.utf8)) else { return nil }
        return cookie
    }

    private func refused(_ language: Language) -> Response {
        let strings = UIStrings.forLanguage(language)
        return html(MessagePage(language: language, title: strings.pageTitle, message: strings.csrfFailed).render(),
                    status: .forbidden)
    }

    private func html(_ text: String, status: HTTPResponse.Status, newToken: String? = nil) -> Response {
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        if let newToken {
            response.setCookie(Cookie(name: Security.csrfCookie, value: newToken, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    static func language(_ text: String?) -> Language { text == "en" ? .en : .de }

    static func documentLanguages(_ text: String, available: [Language]) -> [Language]? {
        let languages = text.split(separator: ",").compactMap { Language(rawValue: String($0)) }
        guard !languages.isEmpty, languages.count == text.split(separator: ",").count,
              languages.allSatisfy(available.contains) else { return nil }
        return languages
    }

    static func dateMessage(_ date: String, _ language: Language) -> String {
        language == .en
            ? "'\(date)' is not a date; expected YYYY-MM-DD, e.g. 2026-11-21"
            : "„\(date)“ ist kein Datum; erwartet JJJJ-MM-TT, z. B. 2026-11-21"
    }

    /// The uploaded file's name without folders, for messages only.
    static func safeFileName(_ name: String?) -> String {
        let base = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(base.filter { !$0.isNewline && $0 != "\"" }.prefix(100))
        return cleaned.isEmpty ? "upload.yaml" : cleaned
    }
}
