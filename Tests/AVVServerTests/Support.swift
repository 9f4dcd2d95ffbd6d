import AVVKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AVVServer

/// The repository, found from this file.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let templates = root + "/Templates"
    static func example(_ name: String) -> String { templates + "/examples/\(name).yaml" }

    /// The shipped template set, loaded once for all tests.
    static let setup: ServerSetup = {
        do { return try ServerSetup.load(templates: templates) } catch { fatalError("\(error)") }
    }()

    static let providerSetup: ServerSetup = {
        do { return try ServerSetup.load(templates: templates, provider: example("intellekta")) } catch { fatalError("\(error)") }
    }()
}

/// A client session against the router: keeps the CSRF cookie like a browser does.
struct FormSession {
    let client: any TestClientProtocol
    var token = ""

    init(_ client: any TestClientProtocol) { self.client = client }

    /// Loads the form and remembers the CSRF cookie and token.
    mutating func open(_ uri: String = "/") async throws -> String {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok)
        let cookie = response.headers[.setCookie] ?? ""
        if let range = cookie.range(of: "avv_csrf=") {
            token = String(cookie[range.upperBound...].prefix(while: { $0 != ";" }))
        }
        return String(buffer: response.body)
    }

    var cookieHeader: HTTPFields { [.cookie: "avv_csrf=\(token)"] }

    func post(_ fields: [(String, String)], to uri: String = "/generate", csrf: Bool = true) async throws -> TestResponse {
        var all = fields
        if csrf { all.append(("_csrf", token)) }
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: uri, method: .post, headers: headers,
                                        body: ByteBuffer(string: FormEncoding.encode(all)))
    }

    func get(_ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: cookieHeader)
    }
}

enum FormEncoding {
    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        func enc(_ s: String) -> String {
            s.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: "%20", with: "+")
        }
        return fields.map { enc($0.0) + "=" + enc($0.1) }.joined(separator: "&")
    }

    /// The form fields that carry `data`, as a browser submits them (unticked boxes absent).
    static func fields(for data: DataValue, prefix: FieldPath = FieldPath()) -> [(String, String)] {
        switch data {
        case .object(let members):
            return members.keys.sorted().filter { !$0.hasPrefix("$") }.flatMap { fields(for: members[$0]!, prefix: prefix.appending($0)) }
        case .array(let items):
            return items.enumerated().flatMap { fields(for: $0.element, prefix: prefix.appending(index: $0.offset)) }
        case .bool(let value):
            return value ? [(prefix.description, "true")] : []
        default:
            return [(prefix.description, FormTree(data: data).text ?? "")]
        }
    }
}

func app(_ setup: ServerSetup = Repo.setup, credentials: Credentials? = nil) -> some ApplicationProtocol {
    Application(router: AVVServerApp.router(setup: setup, credentials: credentials))
}

/// The result id in a preview page (`/results/ID/…`).
func resultID(in page: String) -> String? {
    guard let range = page.range(of: "/results/") else { return nil }
    return String(page[range.upperBound...].prefix(32))
}

/// Every `name="…"` of a page's inputs and selects.
func fieldNames(in page: String) -> Set<String> {
    var names = Set<String>()
    var rest = page[...]
    while let range = rest.range(of: " name=\"") {
        let value = rest[range.upperBound...].prefix(while: { $0 != "\"" })
        names.insert(String(value))
        rest = rest[range.upperBound...]
    }
    return names
}

/// The entries of a stored ZIP archive (what ``ZIPWriter`` writes), read from the central
/// directory and checked against each local header.
func zipEntries(_ data: Data) throws -> [String: Data] {
    let bytes = [UInt8](data)
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    guard let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { u32($0) == 0x0605_4B50 }) else {
        throw ZIPError.malformed("no end of central directory")
    }
    var entries: [String: Data] = [:]
    var at = u32(end + 16)
    for _ in 0..<u16(end + 10) {
        guard u32(at) == 0x0201_4B50 else { throw ZIPError.malformed("central header") }
        let method = u16(at + 10), crc = u32(at + 16), size = u32(at + 20), nameLength = u16(at + 28)
        let extra = u16(at + 30), comment = u16(at + 32), offset = u32(at + 42)
        let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
        guard method == 0, u32(offset) == 0x0403_4B50 else { throw ZIPError.malformed("local header of \(name)") }
        let start = offset + 30 + u16(offset + 26) + u16(offset + 28)
        let contents = Data(bytes[start..<(start + size)])
        guard Int(CRC32.checksum(contents)) == crc else { throw ZIPError.malformed("CRC of \(name)") }
        entries[name] = contents
        at += 46 + nameLength + extra + comment
    }
    return entries
}

enum ZIPError: Error { case malformed(String) }
