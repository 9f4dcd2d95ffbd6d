/// Checks on customer data that no template wording can fix.
enum DataChecks {
    /// Every sub-processor outside the EEA must name a transfer mechanism (Art. 44 ff. DSGVO).
    static func transfers(_ data: DataValue, catalog: RequirementCatalog) -> [Finding] {
        guard let config = catalog.transfers else { return [] }
        var list: DataValue? = data
        for segment in config.list { list = list?[segment] }
        guard case .array(let entries)? = list else { return [] }
        var findings: [Finding] = []
        for (index, entry) in entries.enumerated() {
            guard case .string(let country)? = entry[config.country], !Filter.isEEA(country) else { continue }
            let mechanism = entry[config.mechanism]
            if mechanism == nil || mechanism == .null || mechanism == .string("") {
                let name: String = if case .string(let n)? = entry[config.name] { n } else { "entry \(index + 1)" }
                findings.append(Finding(
                    kind: .transferMechanism, severity: .error, id: "ch5-transfers",
                    message: "sub-processor '\(name)' processes data in \(country), outside the EEA, but \(config.list.joined(separator: "."))[\(index)].\(config.mechanism) names no transfer mechanism (Art. 44–49 DSGVO)"))
            }
        }
        return findings
    }
}
