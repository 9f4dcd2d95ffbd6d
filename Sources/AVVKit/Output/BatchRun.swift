import Dispatch
import Foundation

/// Generates the documents for many customers at once, on every core.
///
/// The pipeline is the one `avv generate` runs for one customer: load and validate the data,
/// ``Generator/generate(templates:data:language:date:catalog:folder:blank:inputs:)`` per
/// language (render, check, HTML, text, manifest), then
/// ``OutputWriter/write(_:into:replacing:durability:)`` into the customer's own folder, all or
/// nothing, without flushing each file; the file system is flushed once when all customers are
/// done, before the summary. The template set and the catalog are loaded once and shared
/// read-only by all workers (both are immutable `Sendable` values).
///
/// Each worker takes the next customer from the input, so at most `workers` customers are in
/// memory at a time and memory does not grow with the size of the batch (only the summary
/// does: the diagnostics of rejected customers and one folder name per customer, to refuse
/// two customers that would write the same folder). One bad customer does not stop the
/// others; it is reported in the summary with its diagnostics.
public enum BatchRun {
    public struct Options: Sendable {
        public var languages: [Language]
        public var date: String
        /// The output folder.
        public var out: String
        /// Customers generated at the same time; at least 1.
        public var workers: Int
        /// Laid under every customer (the provider's profile), if given.
        public var base: LoadedData?
        /// Approved clause wordings: a customer whose documents hold an unapproved clause
        /// is rejected unless `draft` (as with `avv generate`).
        public var approval: ApprovalState?
        public var draft: Bool
        /// Replace existing files whose content differs (`--force`).
        public var replacing: Bool

        public init(
            languages: [Language], date: String, out: String, workers: Int, base: LoadedData? = nil,
            approval: ApprovalState? = nil, draft: Bool = false, replacing: Bool = false
        ) {
            self.languages = languages
            self.date = date
            self.out = out
            self.workers = max(1, workers)
            self.base = base
            self.approval = approval
            self.draft = draft
            self.replacing = replacing
        }
    }

    /// Where the batch stands, after each customer.
    public struct Progress: Sendable {
        /// Customers finished, written or rejected.
        public var done: Int
        public var rejected: Int
        /// All customers, when the input knows it.
        public var total: Int?
        /// Seconds since the start.
        public var elapsed: Double
    }

    /// A customer that was not written, and why.
    public struct Rejection: Sendable {
        /// `customers.csv:7`, `list.yaml:12`, `customers/mueller.yaml`.
        public var customer: String
        public var diagnostics: [Diagnostic]
    }

    public struct Summary: Sendable {
        public var customers = 0
        /// Customers whose files were written.
        public var written = 0
        /// Documents (HTML and text of one document count once) and files written.
        public var documents = 0
        public var files = 0
        /// In input order.
        public var rejected: [Rejection] = []
        public var elapsed: Double = 0
        /// Set when the written files could not be flushed to disk at the end.
        public var flushFailure: Diagnostic?
    }

    /// Runs the batch; `progress` is called after each customer, one call at a time, with
    /// `done` counting up by one.
    public static func run(
        _ input: BatchInput, templates: TemplateSet, catalog: RequirementCatalog?, options: Options,
        progress: @Sendable (Progress) -> Void = { _ in }
    ) -> Summary {
        let start = DispatchTime.now()
        @Sendable func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

        // What every manifest lists besides the customer: hashed once.
        var shared: [Language: [Manifest.Input]] = [:]
        let baseInput = options.base.map { base in
            Manifest.Input(path: base.file, contents: FileManager.default.contents(atPath: base.file) ?? Data())
        }
        for language in options.languages {
            shared[language] = (baseInput.map { [$0] } ?? []) + Generator.inputHashes(templates.inputFiles(for: language))
        }
        let sharedInputs = shared
        // The base's top-level fields that pass their part of the schema: checked here once;
        // a customer who leaves such a field to the base has the same value there.
        let basePassing = options.base.map { SchemaValidator.passingFields(of: $0, against: templates.schema) } ?? []

        let state = Locked(State())
        DispatchQueue.concurrentPerform(iterations: options.workers) { _ in
            while let entry = input.next() {
                let order = state.withLock { state in
                    state.started += 1
                    return state.started
                }
                let outcome = generate(entry, templates: templates, catalog: catalog, options: options,
                                       sharedInputs: sharedInputs, basePassing: basePassing, claim: { folder in
                    state.withLock { state in
                        if let other = state.folders[folder] { return other }
                        state.folders[folder] = entry.name
                        return nil
                    }
                })
                state.withLock { state in
                    state.summary.customers += 1
                    switch outcome {
                    case .success(let written):
                        state.summary.written += 1
                        state.summary.documents += written.documents
                        state.summary.files += written.files
                    case .failure(let error):
                        state.rejected.append((order, Rejection(customer: entry.name, diagnostics: error.diagnostics)))
                    }
                    progress(Progress(done: state.summary.customers, rejected: state.rejected.count,
                                      total: input.count, elapsed: seconds()))
                }
            }
        }
        // Customers are written without flushing each file; everything reaches the disk here.
        let written = state.withLock { $0.summary.written }
        let flushFailure = written > 0 ? OutputWriter.flushFileSystem(containing: options.out) : nil
        return state.withLock { state in
            var summary = state.summary
            summary.rejected = state.rejected.sorted { $0.order < $1.order }.map(\.rejection)
            summary.elapsed = seconds()
            summary.flushFailure = flushFailure
            return summary
        }
    }

    private struct State {
        var started = 0
        var summary = Summary()
        var rejected: [(order: Int, rejection: Rejection)] = []
        /// Output folder → the customer that writes it.
        var folders: [String: String] = [:]
    }

    /// One customer, start to finish.
    private static func generate(
        _ entry: BatchInput.Entry, templates: TemplateSet, catalog: RequirementCatalog?, options: Options,
        sharedInputs: [Language: [Manifest.Input]], basePassing: Set<String>, claim: (String) -> String?
    ) -> Result<(documents: Int, files: Int), DiagnosticsError> {
        do throws(DiagnosticsError) {
            var loaded: LoadedData
            let input: Manifest.Input
            switch entry.source {
            case .failed(let error):
                throw error
            case .file(let path, let displayPath):
                let bytes = try DataLoader.readFile(path, name: displayPath)
                guard let format = DataFormat(path: path) else { throw DiagnosticsError([]) }
                loaded = try DataLoader.load(data: bytes, file: displayPath, format: format)
                input = Manifest.Input(path: displayPath, contents: bytes)
            case .loaded(let data, let raw):
                loaded = data
                input = Manifest.Input(path: entry.name, contents: raw)
            }
            // Fields the customer's own data does not set keep the base's values.
            var unchanged: Set<String> = []
            if let base = options.base {
                unchanged = basePassing
                if case .object(let own) = loaded.root { unchanged.subtract(own.keys) } else { unchanged = [] }
                loaded = base.merged(with: loaded)
            }
            let customer = try CustomerData.validated(loaded, schema: templates.schema, skipping: unchanged)
            var files: [OutputFile] = []
            var documents = 0
            var folder: String?
            for language in options.languages {
                let result = try Generator.generate(
                    templates: templates, data: customer, language: language, date: options.date,
                    catalog: catalog, approval: options.approval, draft: options.draft,
                    inputs: [input] + (sharedInputs[language] ?? []))
                files += result.files
                documents += result.documents.count
                folder = result.folder
            }
            if let folder, let other = claim(folder) {
                throw DiagnosticsError([Diagnostic(
                    .error, .outputConflict,
                    "\(entry.name) would write the folder '\(folder)', which \(other) writes already; customer name and contract number must differ",
                    at: loaded.sourceMap.location(of: "") ?? SourceLocation(file: loaded.file, line: 1, column: 1))])
            }
            try OutputWriter.write(files, into: options.out, replacing: options.replacing, durability: .deferred)
            return .success((documents, files.count))
        } catch {
            return .failure(error)
        }
    }
}

/// A value shared between threads, reached only under its lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
