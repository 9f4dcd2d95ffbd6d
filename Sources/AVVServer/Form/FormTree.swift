import AVVKit
import Foundation

/// The form's values as typed, before they are data: text per field, nested as the field
/// names say. The form is rendered from it, so that what a person typed comes back as typed
/// (an `abc` in a number field included) next to the error about it.
indirect enum FormTree: Sendable, Hashable {
    case text(String)
    case object([String: FormTree])
    case list([FormTree])

    static let empty = FormTree.object([:])

    subscript(key: String) -> FormTree? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    var rows: [FormTree] {
        if case .list(let rows) = self { return rows }
        return []
    }

    /// The value at a path, if the tree has one.
    func value(at path: FieldPath) -> FormTree? {
        var tree = self
        for step in path.steps {
            switch (step, tree) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                tree = next
            case (.index(let index), .list(let rows)):
                guard rows.indices.contains(index) else { return nil }
                tree = rows[index]
            default:
                return nil
            }
        }
        return tree
    }

    /// Whether anything was typed or ticked below this node.
    var hasContent: Bool {
        switch self {
        case .text(let text): !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        case .object(let members): members.values.contains(where: \.hasContent)
        case .list(let rows): rows.contains(where: \.hasContent)
        }
    }

    /// The tree with `transform` applied to the node at `path` (created empty if missing).
    func updating(_ path: FieldPath, _ transform: (FormTree?) -> FormTree?) -> FormTree {
        updating(path.steps[...], transform) ?? .empty
    }

    private func updating(_ steps: ArraySlice<FieldPath.Step>, _ transform: (FormTree?) -> FormTree?) -> FormTree? {
        guard let step = steps.first else { return transform(self) }
        switch step {
        case .key(let key):
            var members: [String: FormTree] = [:]
            if case .object(let existing) = self { members = existing }
            let child = members[key] ?? .empty
            members[key] = steps.count == 1 ? transform(members[key]) : child.updating(steps.dropFirst(), transform)
            return .object(members)
        case .index(let index):
            var rows = self.rows
            guard rows.indices.contains(index) else { return self }
            if steps.count == 1 {
                if let new = transform(rows[index]) { rows[index] = new } else { rows.remove(at: index) }
            } else if let new = rows[index].updating(steps.dropFirst(), transform) {
                rows[index] = new
            }
            return .list(rows)
        }
    }
}

extension FormTree {
    /// The tree of submitted `name=value` pairs; names that are not field paths, and names
    /// starting with `_` (the form's own controls), are left out. List rows keep their
    /// order by index; gaps close up.
    init(fields: [(name: String, value: String)]) {
        var root = Builder.object([:])
        for (name, value) in fields where !name.hasPrefix("_") {
            guard let path = FieldPath(parsing: name) else { continue }
            root.insert(value, at: path.steps[...])
        }
        self = root.tree
    }

    private indirect enum Builder {
        case text(String)
        case object([String: Builder])
        case list([Int: Builder])

        mutating func insert(_ value: String, at steps: ArraySlice<FieldPath.Step>) {
            guard let step = steps.first else {
                self = .text(value)
                return
            }
            switch step {
            case .key(let key):
                var members: [String: Builder] = [:]
                if case .object(let existing) = self { members = existing }
                var child = members[key] ?? Self.container(for: steps.dropFirst().first)
                child.insert(value, at: steps.dropFirst())
                members[key] = child
                self = .object(members)
            case .index(let index):
                var items: [Int: Builder] = [:]
                if case .list(let existing) = self { items = existing }
                var child = items[index] ?? Self.container(for: steps.dropFirst().first)
                child.insert(value, at: steps.dropFirst())
                items[index] = child
                self = .list(items)
            }
        }

        static func container(for next: FieldPath.Step?) -> Builder {
            switch next {
            case .key?: .object([:])
            case .index?: .list([:])
            case nil: .text("")
            }
        }

        var tree: FormTree {
            switch self {
            case .text(let text): .text(text)
            case .object(let members): .object(members.mapValues(\.tree))
            case .list(let items): .list(items.keys.sorted().map { items[$0]!.tree })
            }
        }
    }

    /// The form values that show `data`: numbers and booleans as the form submits them.
    init(data: DataValue) {
        switch data {
        case .null: self = .text("")
        case .bool(let value): self = .text(value ? "true" : "")
        case .integer(let value): self = .text(String(value))
        case .number(let value): self = .text(FormTree.format(value))
        case .string(let value): self = .text(value)
        case .array(let items): self = .list(items.map(FormTree.init(data:)))
        case .object(let members): self = .object(members.mapValues(FormTree.init(data:)))
        }
    }

    static func format(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }
}
