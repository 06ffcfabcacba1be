import Foundation

/// Checks for the `format` values of draft 2020-12 and draft-07 (used when formats are
/// asserted). Unknown formats and non-string instances always pass.
enum FormatChecker {
    static func check(_ format: String, _ value: JSONValue) -> Bool {
        guard case .string(let s) = value else { return true }
        switch format {
        case "date-time": return isDateTime(s)
        case "date": return isDate(s)
        case "time": return isTime(s)
        case "duration": return isDuration(s)
        case "email", "idn-email": return isEmail(s, international: format == "idn-email")
        case "hostname": return isHostname(s)
        case "idn-hostname": return isHostname(s, international: true)
        case "ipv4": return isIPv4(s)
        case "ipv6": return isIPv6(s)
        case "uri": return isURI(s, reference: false, international: false)
        case "uri-reference": return isURI(s, reference: true, international: false)
        case "iri": return isURI(s, reference: false, international: true)
        case "iri-reference": return isURI(s, reference: true, international: true)
        case "uuid": return isUUID(s)
        case "json-pointer": return isJSONPointer(s)
        case "relative-json-pointer": return isRelativeJSONPointer(s)
        case "regex": return Pattern.isECMARegex(s)
        case "uri-template": return isURITemplate(s)
        default: return true
        }
    }
}
