import AVVKit
import Foundation
import FuzzSupport

/// libFuzzer harness for the template parser and compiler (and, when a fuzzed template
/// compiles, the renderer and both writers): the input is the German document template of
/// the "everything" fixture set. Any crash, hang or oracle failure is a bug.
private let customer: CustomerData = {
    _ = FuzzSupport.workspace
    do {
        let set = try TemplateSet.load(directory: FuzzSupport.workspace)
        return try CustomerData.load(path: FuzzSupport.workspace + "/customer.yaml", schema: set.schema)
    } catch {
        fatalError("the fixture does not load: \(error)")
    }
}()

/// Loads the fixture before the first input, so that LeakSanitizer does not count it.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = customer
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = customer
    let file = FuzzSupport.workspace + "/everything/everything.de.xhtml"
    guard FileManager.default.createFile(atPath: file, contents: Data(bytes: start, count: count)) else {
        fatalError("cannot write \(file)")
    }
    let templates: TemplateSet
    do throws(DiagnosticsError) {
        templates = try TemplateSet.load(directory: FuzzSupport.workspace)
    } catch {
        precondition(!error.diagnostics.isEmpty, "a rejected template must say why")
        for diagnostic in error.diagnostics where diagnostic.severity == .error {
            precondition(diagnostic.location != nil || diagnostic.code == .inputTooLarge,
                         "template diagnostic without a location: \(diagnostic)")
        }
        let text = String(decoding: Data(bytes: start, count: count), as: UTF8.self)
        _ = DiagnosticFormatter { _ in text }.format(error.diagnostics)
        return 0
    }
    FuzzSupport.generateAndCheck(templates, data)
    return 0
}
