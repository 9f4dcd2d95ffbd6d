import AVVKit
import Foundation
import FuzzSupport

/// libFuzzer harness for the data loader and validator: the input is read as YAML and as
/// JSON, validated against the "everything" schema, and when it is valid, rendered and
/// written. Any crash, hang or oracle failure is a bug.
private let templates: TemplateSet = {
    do {
        return try TemplateSet.load(directory: FuzzSupport.workspace)
    } catch {
        fatalError("the fixture does not load: \(error)")
    }
}()

/// Loads the fixture before the first input, so that LeakSanitizer does not count it.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = templates
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzData(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    for format in [DataFormat.yaml, .json] {
        let loaded: LoadedData
        do throws(DiagnosticsError) {
            loaded = try DataLoader.load(data: bytes, file: "customer." + format.rawValue, format: format)
        } catch {
            precondition(!error.diagnostics.isEmpty, "a rejected file must say why")
            _ = DiagnosticFormatter { _ in String(decoding: bytes, as: UTF8.self) }.format(error.diagnostics)
            continue
        }
        let data: CustomerData
        do throws(DiagnosticsError) {
            data = try CustomerData.validated(loaded, schema: templates.schema)
        } catch {
            for diagnostic in error.diagnostics {
                precondition(diagnostic.location != nil, "validation diagnostic without a location: \(diagnostic)")
            }
            continue
        }
        FuzzSupport.generateAndCheck(templates, data)
    }
    return 0
}
