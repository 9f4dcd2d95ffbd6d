import Foundation
import Hummingbird

/// HTTP basic-auth credentials, from `AVV_SERVER_CREDENTIALS=user:password`.
public struct Credentials: Sendable, Equatable {
    /// The environment variable the executable reads.
    public static let environmentVariable = "AVV_SERVER_CREDENTIALS"

    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// `user:password`; nil when there is no colon, or either side is empty.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        user = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
        if user.isEmpty || password.isEmpty { return nil }
    }

    /// Whether an `Authorization` header carries these credentials (compared in constant time).
    func accepts(_ header: String?) -> Bool {
        guard let header, header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return false }
        return Security.constantTimeEqual(Array(decoded), Array("\(user):\(password)".utf8))
    }
}

/// Where the server may listen, and what it needs to do so.
public enum BindPolicy {
    /// `127.0.0.1` and the rest of 127.0.0.0/8, `::1`, `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Why the server must not start, or nil: anything beyond loopback needs credentials.
    public static func refusal(host: String, credentials: Credentials?) -> String? {
        guard !isLoopback(host), credentials == nil else { return nil }
        return "refusing to listen on \(host) without credentials: anyone who can reach it could read "
            + "customer data. Set \(Credentials.environmentVariable)=user:password (HTTP basic auth), "
            + "or listen on 127.0.0.1."
    }
}

enum Security {
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }

    /// The CSRF cookie: a random token that the form repeats in a hidden field. A page of
    /// another site can make the browser send the cookie (not with `SameSite=Strict`), but can
    /// read neither it nor the form, so it cannot fill in the field.
    static let csrfCookie = "avv_csrf"

    static func newToken() -> String { ResultStore.newID() + ResultStore.newID() }

    static func isWellFormedToken(_ token: String) -> Bool {
        token.count == 64 && token.allSatisfy { $0.isHexDigit && ($0.isNumber || $0.isLowercase) }
    }

    static let pagePolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        + "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    /// Generated documents carry their own inline CSS; they are shown in the preview's frames.
    static let documentPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
}

/// Asks for HTTP basic auth on every request when credentials are configured.
struct BasicAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let credentials: Credentials

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard credentials.accepts(request.headers[.authorization]) else {
            return Response(status: .unauthorized, headers: [
                .wwwAuthenticate: "Basic realm=\"avv-server\", charset=\"UTF-8\"",
                .contentType: "text/plain; charset=utf-8",
            ], body: ResponseBody(byteBuffer: ByteBuffer(string: "Authentication required.\n")))
        }
        return try await next(request, context)
    }
}

/// Headers every response gets: no sniffing, no referrer, no caching of customer data.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Security.pagePolicy
        }
        return response
    }
}
