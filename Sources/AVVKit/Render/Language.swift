/// A document language. German is the default and the legally binding version.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    case de
    case en
}
