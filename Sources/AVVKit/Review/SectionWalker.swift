/// Finds the clauses and annexes in a compiled template, with the data fields whose values
/// decide whether and how each one is rendered.
enum SectionWalker {
    struct Occurrence {
        var section: CompiledSection
        /// Data fields tested by the conditions around the section and inside it.
        var conditionPaths: Set<[String]>
    }

    /// Every section in document order.
    static func occurrences(in nodes: [TemplateNode]) -> [Occurrence] {
        var found: [Occurrence] = []
        walk(nodes, enclosing: [], into: &found)
        return found
    }

    private static func walk(_ nodes: [TemplateNode], enclosing: Set<[String]>, into found: inout [Occurrence]) {
        for node in nodes {
            switch node {
            case .section(let section):
                var paths = enclosing
                collectConditionPaths(section.title + section.body, into: &paths)
                found.append(Occurrence(section: section, conditionPaths: paths))
            case .conditional(let branches):
                // Whether a branch is taken depends on every condition before it, too.
                var paths = enclosing
                for branch in branches { branch.condition?.collectDataPaths(into: &paths) }
                for branch in branches { walk(branch.body, enclosing: paths, into: &found) }
            case .each(let loop):
                walk(loop.body, enclosing: enclosing, into: &found)
            default:
                walk(children(of: node), enclosing: enclosing, into: &found)
            }
        }
    }

    /// The data fields tested by every condition in `nodes` (a loop over a list is no condition:
    /// its entries are data, not variants).
    static func collectConditionPaths(_ nodes: [TemplateNode], into paths: inout Set<[String]>) {
        for node in nodes {
            switch node {
            case .conditional(let branches):
                for branch in branches {
                    branch.condition?.collectDataPaths(into: &paths)
                    collectConditionPaths(branch.body, into: &paths)
                }
            case .each(let loop):
                collectConditionPaths(loop.body, into: &paths)
            case .section(let section):
                collectConditionPaths(section.title + section.body, into: &paths)
            default:
                collectConditionPaths(children(of: node), into: &paths)
            }
        }
    }

    private static func children(of node: TemplateNode) -> [TemplateNode] {
        switch node {
        case .strong(let c), .emphasis(let c), .link(_, let c), .heading(_, _, let c, _), .paragraph(_, let c, _),
             .list(_, let c), .listItem(_, let c, _), .table(let c), .tableRow(let c), .tableCell(_, let c),
             .signatures(let c), .group(let c):
            return c
        case .party(let party):
            return party.name
        case .section(let section):
            return section.title + section.body
        case .conditional(let branches):
            return branches.flatMap(\.body)
        case .each(let loop):
            return loop.body
        case .text, .value, .lineBreak, .reference, .tableOfContents:
            return []
        }
    }
}
