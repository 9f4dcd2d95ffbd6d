// TEMPORARY: stands in for the filters until the output branch lands.
enum Filter: String, CaseIterable, Sendable { case date, money, list, upper, country }
struct FilterError: Error { var message: String }
extension Filter {
    static func apply(_ filter: Filter, to value: DataValue, language: Language) -> Result<String, FilterError> {
        if case .string(let s) = value { return .success(filter == .upper ? s.uppercased() : s) }
        return .success("\(value)")
    }
    static func display(_ value: DataValue, language: Language) -> Result<String, FilterError> {
        switch value {
        case .string(let s): .success(s)
        case .integer(let i): .success(String(i))
        default: .failure(FilterError(message: "cannot print"))
        }
    }
}
