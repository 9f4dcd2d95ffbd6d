/// Every diagnostic code avv emits. Codes are stable; a retired code is never reused.
///
/// - `AVV0xx` files and input/output
/// - `AVV1xx` templates (parsing, compiling, static analysis)
/// - `AVV2xx` customer data and the data schema
/// - `AVV3xx` rendering
/// - `AVV4xx` writing output
/// - `AVV5xx` the requirement check of generated documents
/// - `AVV6xx` approvals of clause wording and the lawyer's review
public enum DiagnosticCode: String, Sendable, Hashable, CaseIterable {
    case fileNotReadable = "AVV001"
    case invalidEncoding = "AVV002"
    case inputTooLarge = "AVV003"

    case xmlNotWellFormed = "AVV100"
    case unknownElement = "AVV101"
    case unknownAttribute = "AVV102"
    case malformedExpression = "AVV103"
    case unknownPath = "AVV104"
    case valueOutsideEnum = "AVV105"
    case eachOverNonArray = "AVV106"
    case unknownReference = "AVV107"
    case missingInclude = "AVV108"
    case includeCycle = "AVV109"
    case unknownFilter = "AVV110"
    case elseWithoutIf = "AVV111"
    case duplicateID = "AVV112"
    case misplacedConstruct = "AVV113"
    case templateSetInvalid = "AVV114"
    case typeMismatch = "AVV115"

    case dataSyntax = "AVV200"
    case wrongType = "AVV201"
    case missingField = "AVV202"
    case unknownField = "AVV203"
    case notAllowedValue = "AVV204"
    case patternMismatch = "AVV205"
    case formatMismatch = "AVV206"
    case lengthOutOfRange = "AVV207"
    case numberOutOfRange = "AVV208"
    case itemCount = "AVV209"
    case schemaInvalid = "AVV210"
    case duplicateKey = "AVV211"

    case missingValue = "AVV300"
    case filterFailed = "AVV301"

    case outputFailed = "AVV400"
    case outputConflict = "AVV401"

    case forbiddenCharacter = "AVV212"

    case checkFailed = "AVV500"

    case clauseNotApproved = "AVV600"
    case approvalsInvalid = "AVV601"
    case revisionNotReadable = "AVV602"

    /// A one-line explanation, used by `avv explain` and the documentation table.
    public var summary: String {
        switch self {
        case .fileNotReadable: "a file could not be read"
        case .invalidEncoding: "a file is not valid UTF-8"
        case .inputTooLarge: "an input exceeds a documented limit"
        case .xmlNotWellFormed: "a template is not well-formed XML"
        case .unknownElement: "a template uses an element avv does not know"
        case .unknownAttribute: "a template uses an attribute avv does not know"
        case .malformedExpression: "an expression does not parse"
        case .unknownPath: "an expression names a data field the schema does not define"
        case .valueOutsideEnum: "a comparison uses a value the field can never have"
        case .eachOverNonArray: "avv:each loops over something that is not a list"
        case .unknownReference: "avv:ref names a clause or anchor that does not exist"
        case .missingInclude: "avv:include names a file that does not exist"
        case .includeCycle: "templates include each other in a cycle"
        case .unknownFilter: "an expression uses a filter avv does not know"
        case .elseWithoutIf: "avv:else or avv:elif does not follow an avv:if"
        case .duplicateID: "two clauses or anchors share one id"
        case .misplacedConstruct: "a construct stands where it cannot be numbered or rendered"
        case .templateSetInvalid: "the template set description is invalid"
        case .typeMismatch: "a filter or operator is used on a value of the wrong type"
        case .dataSyntax: "a data file is not valid YAML or JSON"
        case .wrongType: "a data value has the wrong type"
        case .missingField: "a required data field is missing"
        case .unknownField: "a data field is not defined by the schema, or not allowed in this case"
        case .notAllowedValue: "a data value is not one of the allowed values, or breaks a rule such as not, anyOf or uniqueItems"
        case .patternMismatch: "a data value does not match the expected pattern"
        case .formatMismatch: "a data value is not a valid date, e-mail address or similar"
        case .lengthOutOfRange: "a text is too short or too long"
        case .numberOutOfRange: "a number is too small or too large"
        case .itemCount: "a list has too few or too many entries"
        case .schemaInvalid: "the data schema itself is invalid"
        case .duplicateKey: "a data file names one key twice"
        case .missingValue: "a value the template needs is missing from the data"
        case .filterFailed: "a filter could not format its value"
        case .outputFailed: "an output file could not be written"
        case .outputConflict: "an output file exists with different content"
        case .forbiddenCharacter: "a data value contains a character that a document cannot show"
        case .checkFailed: "a document fails the requirement check (a required clause is missing or wording is risky)"
        case .clauseNotApproved: "a clause's wording differs from its approval, or it has none"
        case .approvalsInvalid: "approvals.json is not what avv approve writes"
        case .revisionNotReadable: "the templates at a git revision cannot be read"
        }
    }
}
