import AVVKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AVVServer

/// Every field the schema declares, as the form names it: inputs by path, lists by `data-list`.
private func schemaFields(_ node: SchemaNode, _ path: FieldPath = FieldPath()) -> (inputs: [String], lists: [String]) {
    var inputs: [String] = [], lists: [String] = []
    for name in FormSchema.fieldNames(of: node) {
        guard let child = node.property(name) else { continue }
        let childPath = path.appending(name)
        if child.isObject {
            let nested = schemaFields(child, childPath)
            inputs += nested.inputs
            lists += nested.lists
        } else if child.isArray {
            lists.append(childPath.description)
        } else {
            inputs.append(childPath.description)
        }
    }
    return (inputs, lists)
}

@Suite struct FormRouteTests {
    @Test func formRendersEverySchemaField() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            let page = try await session.open()
            let names = fieldNames(in: page)
            let (inputs, lists) = schemaFields(Repo.setup.templates.schema.root)
            #expect(inputs.count > 60)
            for input in inputs {
                #expect(names.contains(input), "no input named \(input)")
                let id = FormPage.inputID(input)
                #expect(page.contains("<label for=\"\(id)\">"), "no label for \(input)")
            }
            for list in lists {
                #expect(page.contains("data-list=\"\(list)\""), "no list \(list)")
                #expect(page.contains("value=\"add:\(list)\""), "no add button for \(list)")
            }
            // Types: date, e-mail, enum as select, boolean as checkbox; required marked.
            #expect(page.contains("type=\"date\" id=\"f-controller-contract-date\""))
            #expect(page.contains("type=\"email\" id=\"f-controller-contact-email\""))
            #expect(page.contains("<select id=\"f-controller-customerType\" name=\"controller.customerType\" required"))
            #expect(page.contains("type=\"checkbox\" id=\"f-controller-professionalSecrecy\""))
            #expect(page.contains("id=\"f-controller-company\" name=\"controller.company\" value=\"\" required"))
            #expect(page.contains("Firma oder Name<span class=\"req\" aria-hidden=\"true\"> *</span>"))
            // German help from the schema's description, tied to the input.
            #expect(page.contains("<p class=\"help\" id=\"h-controller-company\">Vollständige Firma"))
            #expect(page.contains("<html lang=\"de\">"))
        }
    }

    @Test func englishLabelsComeFromTheSchemaAnnotations() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            let page = try await session.open("/?lang=en")
            #expect(page.contains("<html lang=\"en\">"))
            #expect(page.contains(">Company or name<"))
            #expect(page.contains(">Customer&#39;s address<") || page.contains(">Customer's address<"))
            #expect(page.contains("Full company name including the legal-form suffix"))
            #expect(page.contains(">Check and generate<"))
            #expect(!page.contains(">Firma oder Name<"))
        }
    }

    @Test func aFieldAddedToTheSchemaAppearsInTheForm() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("avv-server-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: dir)
        let schemaPath = dir + "/schema.json"
        var schema = try String(contentsOfFile: schemaPath, encoding: .utf8)
        let anchor = "\"company\": {\n          \"title\": \"Firma oder Name\","
        #expect(schema.contains(anchor))
        schema = schema.replacingOccurrences(of: anchor, with: """
            "branch": { "title": "Branche", "x-title-en": "Industry", "description": "Wirtschaftszweig des Kunden.", "type": "string", "enum": ["Arztpraxis", "Kanzlei"] },
                    \(anchor)
            """)
        try schema.write(toFile: schemaPath, atomically: true, encoding: .utf8)
        let setup = try ServerSetup.load(templates: dir)
        try await app(setup).test(.router) { client in
            var session = FormSession(client)
            let page = try await session.open()
            #expect(page.contains("<label for=\"f-controller-branch\">Branche</label>"))
            #expect(page.contains("<select id=\"f-controller-branch\" name=\"controller.branch\""))
            #expect(page.contains("<option>Kanzlei</option>"))
        }
    }

    @Test func invalidInputShowsFieldErrorsWith422AndKeepsValues() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let response = try await session.post([
                ("controller.company", "Praxis <Dr.> \"Muster\""),
                ("controller.address.street", "Hauptstraße 1"),
                ("controller.address.postcode", "1234"),
                ("controller.address.city", "Darmstadt"),
                ("controller.address.country", "DE"),
                ("controller.customerType", "b2b"),
                ("controller.dataCategories[0]", "Patientenakten"),
                ("controller.dataCategories[1]", ""),
                ("controller.dataCategories[2]", "x"),
                ("_date", "2026-11-21"), ("_doclang", "de"), ("_lang", "de"),
            ])
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            // The error sits next to its field, is tied to it, and the value is kept.
            #expect(page.contains("<p class=\"error\" id=\"e-controller-address-postcode\">"))
            #expect(page.contains("id=\"f-controller-address-postcode\" name=\"controller.address.postcode\" value=\"1234\""))
            #expect(page.contains("aria-invalid=\"true\" aria-describedby=\"h-controller-address-postcode e-controller-address-postcode\""))
            // A missing required field, by its path.
            #expect(page.contains("<p class=\"error\" id=\"e-controller-contact-name\">"))
            #expect(page.contains("Pflichtangabe fehlt"))
            // The empty row is gone, the short one moved up and carries the error.
            #expect(page.contains("name=\"controller.dataCategories[1]\" value=\"x\""))
            #expect(page.contains("<p class=\"error\" id=\"e-controller-dataCategories-1\">"))
            // Values are escaped with the writers' rules.
            #expect(page.contains("value=\"Praxis &lt;Dr.&gt; &quot;Muster&quot;\""))
            #expect(!page.contains("<Dr.>"))
            // The summary links to the fields.
            #expect(page.contains("<div class=\"error-summary\" role=\"alert\""))
            #expect(page.contains("href=\"#f-controller-address-postcode\""))
        }
    }

    @Test func aBadDateIsAnErrorAtTheDateField() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let response = try await session.post([("_date", "21.11.2026"), ("_lang", "en")])
            #expect(response.status == .unprocessableContent)
            let page = String(buffer: response.body)
            #expect(page.contains("<p class=\"error\" id=\"e-date\">"))
            #expect(page.contains("is not a date; expected YYYY-MM-DD"))
        }
    }

    @Test func requestsWithoutTheCSRFTokenAreRefused() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let missing = try await session.post([("controller.company", "X")], csrf: false)
            #expect(missing.status == .forbidden)
            let wrong = try await session.post([("controller.company", "X"), ("_csrf", String(repeating: "a", count: 64))], csrf: false)
            #expect(wrong.status == .forbidden)
            // No cookie at all (another site's form): refused as well.
            let foreign = try await client.execute(
                uri: "/generate", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(session.token)&controller.company=X"))
            #expect(foreign.status == .forbidden)
        }
    }

    @Test func requestBodiesAreBounded() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let huge = String(repeating: "a", count: AVVServerApp.maxBodyBytes + 10)
            let response = try await session.post([("controller.company", huge)])
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test func rowsAreAddedAndRemovedWithoutJavaScript() async throws {
        try await app().test(.router) { client in
            var session = FormSession(client)
            _ = try await session.open()
            let added = try await session.post([
                ("controller.dataCategories[0]", "Mandantenakten"), ("_action", "add:controller.dataCategories"),
            ])
            #expect(added.status == .ok)
            let page = String(buffer: added.body)
            #expect(page.contains("name=\"controller.dataCategories[0]\" value=\"Mandantenakten\""))
            #expect(page.contains("name=\"controller.dataCategories[1]\" value=\"\" autofocus"))
            let removed = try await session.post([
                ("processor.subprocessors[0].name", "A GmbH"), ("processor.subprocessors[1].name", "B GmbH"),
                ("_action", "remove:processor.subprocessors[0]"),
            ])
            let after = String(buffer: removed.body)
            #expect(after.contains("name=\"processor.subprocessors[0].name\" value=\"B GmbH\""))
            #expect(!after.contains("A GmbH"))
        }
    }

    @Test func basicAuthIsRequiredWhenConfigured() async throws {
        let credentials = Credentials(user: "sales", password: "s3cret")
        try await app(credentials: credentials).test(.router) { client in
            let anonymous = try await client.execute(uri: "/", method: .get)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            let wrong = try await client.execute(uri: "/", method: .get,
                                                 headers: [.authorization: "Basic " + Data("sales:nope".utf8).base64EncodedString()])
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(uri: "/", method: .get,
                                                 headers: [.authorization: "Basic " + Data("sales:s3cret".utf8).base64EncodedString()])
            #expect(right.status == .ok)
        }
    }

    @Test func securityHeadersAreSet() async throws {
        try await app().test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.headers[.setCookie]?.contains("HttpOnly") == true)
            #expect(response.headers[.setCookie]?.contains("SameSite=Strict") == true)
        }
    }

    @Test func theProviderFromTheCommandLineIsShownReadOnlyAndUsed() async throws {
        try await app(Repo.providerSetup).test(.router) { client in
            var session = FormSession(client)
            let page = try await session.open()
            #expect(page.contains("<fieldset class=\"group\" id=\"f-processor\" disabled"))
            #expect(page.contains("value=\"intellekta GmbH\""))
            // Whatever is submitted for the provider is ignored.
            let response = try await session.post([("processor.company", "Evil Corp")])
            let after = String(buffer: response.body)
            #expect(!after.contains("Evil Corp"))
        }
    }
}
