/// The compiled form of a template: what rendering walks, many times, without re-parsing.
///
/// Static text is already whitespace-normalised, expressions are parsed and their paths
/// bound to scopes, includes are inlined, and `if`/`elif`/`else` chains are grouped.
indirect enum TemplateNode: Sendable {
    // Inline content
    case text(String)
    case value(CompiledInterpolation)
    case strong([TemplateNode])
    case emphasis([TemplateNode])
    case link(href: [AttributePart], [TemplateNode])
    case lineBreak
    case reference(target: String, location: SourceLocation)

    // Blocks
    /// `fixed` (here and below): the content rendered once, when it holds no value,
    /// reference or logic (``FixedContent``).
    case heading(level: Int, anchor: String?, [TemplateNode], fixed: FixedContent?)
    case paragraph(anchor: String?, [TemplateNode], fixed: FixedContent?)
    case list(ordered: Bool, [TemplateNode])
    /// A list item: flow content (text and nested lists); `fixed` when it is one run of
    /// fixed inline content.
    case listItem(anchor: String?, [TemplateNode], fixed: FixedContent?)
    case table([TemplateNode])
    case tableRow([TemplateNode])
    case tableCell(header: Bool, [TemplateNode])
    case section(CompiledSection)
    case tableOfContents
    /// The signature block; its children are `.party` nodes (possibly under logic).
    case signatures([TemplateNode])
    case party(CompiledParty)

    // Logic
    /// Children rendered in place (div, section without role, avv:block, includes).
    case group([TemplateNode])
    /// `avv:if` / `avv:elif` / `avv:else`: the first branch whose condition holds; a nil
    /// condition is the `else`.
    case conditional([ConditionalBranch])
    case each(CompiledLoop)
}

/// One branch of an `avv:if` / `avv:elif` / `avv:else` chain.
struct ConditionalBranch: Sendable {
    /// Nil for `avv:else`.
    var condition: CompiledExpression?
    var body: [TemplateNode]
    /// The element that carries the branch; identifies it in coverage reports.
    var location: SourceLocation
}

struct CompiledSection: Sendable {
    enum Kind: Sendable { case clause, annex }
    var kind: Kind
    var id: String
    var covers: [String]
    var title: [TemplateNode]
    var body: [TemplateNode]
    var location: SourceLocation
    /// The section's bytes in `location.file` (see ``XMLElement/sourceRange``).
    var sourceRange: Range<Int> = 0..<0
    /// Partials included inside the section, directly or not, in the order first met.
    var includes: [String] = []
}

struct CompiledParty: Sendable {
    var role: [AttributePart]
    var place: [AttributePart]?
    var signatory: [AttributePart]?
    var function: [AttributePart]?
    var name: [TemplateNode]
}

/// A piece of an attribute value: literal text or an interpolation.
enum AttributePart: Sendable {
    case text(String)
    case value(CompiledInterpolation)
}

struct CompiledLoop: Sendable {
    var variable: String
    var collection: CompiledExpression
    var body: [TemplateNode]
    var location: SourceLocation
}

/// A path bound to where its first segment comes from.
struct BoundPath: Sendable {
    enum Root: Sendable, Equatable {
        /// The customer data.
        case data
        /// The loop variable of the loop `depth` levels up from the innermost (0).
        case loopVariable(depth: Int)
        /// `loop.index` etc. of the innermost loop.
        case loopInfo
        /// `avv.date` and the other built-in values.
        case builtin
    }

    var root: Root
    /// Segments after the root (for `.data`, all segments).
    var segments: [String]
    var path: DataPath
    /// For a path from the data root: its number among the data paths of its document
    /// (``TemplateCompiler/CompiledDocument/dataPaths``), whose values a ``Renderer`` looks up
    /// once per render; -1 for other paths.
    var slot = -1
}

/// A path from the data root as one step: the number of its parent path (-1: the data root
/// itself is the parent) and the key below it. Parents are numbered before their children.
struct DataPathStep: Sendable, Hashable {
    var parent: Int
    var key: String
}

indirect enum CompiledExpression: Sendable {
    case path(BoundPath)
    case literal(DataValue)
    case list([CompiledExpression])
    case not(CompiledExpression)
    case and(CompiledExpression, CompiledExpression)
    case or(CompiledExpression, CompiledExpression)
    case equal(CompiledExpression, CompiledExpression, negated: Bool)
    case member(CompiledExpression, CompiledExpression, negated: Bool)
}

struct CompiledInterpolation: Sendable {
    var expression: CompiledExpression
    var filters: [Filter]
    var location: SourceLocation
    var source: String
}

extension CompiledExpression {
    /// Adds the paths into the customer data that this expression reads.
    func collectDataPaths(into paths: inout Set<[String]>) {
        switch self {
        case .path(let bound): if bound.root == .data { paths.insert(bound.segments) }
        case .literal: break
        case .list(let items): for item in items { item.collectDataPaths(into: &paths) }
        case .not(let e): e.collectDataPaths(into: &paths)
        case .and(let l, let r), .or(let l, let r), .equal(let l, let r, _), .member(let l, let r, _):
            l.collectDataPaths(into: &paths)
            r.collectDataPaths(into: &paths)
        }
    }
}
