/// Checks sample values against the declared variables: no value for an undeclared name, a
/// value for every required variable, and each value of its declared type.
extension ManifestDecoder {
    mutating func checkSample(_ members: [JSONNode.Member], ownerOffset: Int, against variables: [TemplateVariable], pointer: String) {
        let declared = Dictionary(variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for member in members {
            guard let variable = declared[member.key] else {
                issue(at: member.keyOffset, "\(pointer)/\(member.key)",
                      "sample value for \"\(member.key)\", which is not a declared variable: declare it or remove the value")
                continue
            }
            checkValue(member.value, against: variable, pointer: "\(pointer)/\(member.key)")
        }
        let present = Set(members.filter { if case .null = $0.value.kind { false } else { true } }.map(\.key))
        for variable in variables where variable.required && !present.contains(variable.name) {
            issue(at: ownerOffset, pointer, "required variable \"\(variable.name)\" has no sample value: add one so the template can be rendered")
        }
    }

    private mutating func checkValue(_ node: JSONNode, against variable: TemplateVariable, pointer: String) {
        if case .null = node.kind {
            if variable.required { issue(at: node.offset, pointer, "\"\(variable.name)\" is required, so its sample must not be null") }
            return
        }
        switch variable.type {
        case .array:
            guard let elements = node.elements else {
                issue(at: node.offset, pointer, "\"\(variable.name)\" is declared \"array\" but its sample is \(node.typeName)")
                return
            }
            for (index, element) in elements.enumerated() {
                if !variable.fields.isEmpty {
                    checkObject(element, fields: variable.fields, name: "\(variable.name)[\(index)]", pointer: "\(pointer)/\(index)")
                } else {
                    checkScalar(element, type: variable.itemType ?? .string, name: "\(variable.name)[\(index)]", pointer: "\(pointer)/\(index)")
                }
            }
        case .object:
            checkObject(node, fields: variable.fields, name: variable.name, pointer: pointer)
        default:
            checkScalar(node, type: variable.type, name: variable.name, pointer: pointer)
        }
    }

    private mutating func checkObject(_ node: JSONNode, fields: [TemplateVariable], name: String, pointer: String) {
        guard let members = node.members else {
            issue(at: node.offset, pointer, "the sample for \"\(name)\" must be an object with its declared fields, not \(node.typeName)")
            return
        }
        checkSample(members, ownerOffset: node.offset, against: fields, pointer: pointer)
    }

    private mutating func checkScalar(_ node: JSONNode, type: TemplateVariableType, name: String, pointer: String) {
        let problem: String?
        switch (type, node.kind) {
        case (.string, .string): problem = nil
        case (.number, .number): problem = nil
        case (.integer, .number(let value, _)):
            problem = value.rounded() == value ? nil : "\"\(name)\" is declared \"integer\" but its sample \(value) has a fraction"
        case (.boolean, .bool): problem = nil
        case (.url, .string(let value)):
            problem = value.lowercased().hasPrefix("https://") ? nil
                : "the sample URL for \"\(name)\" must start with https:// (emails must not load or link over plain HTTP)"
        case (.email, .string(let value)):
            problem = Self.isEmailAddress(value) ? nil : "the sample for \"\(name)\" is not an email address: \"\(value)\""
        case (.date, .string(let value)):
            problem = Self.isISODate(value) ? nil : "the sample for \"\(name)\" must be an ISO 8601 date YYYY-MM-DD, found \"\(value)\""
        default:
            problem = "\"\(name)\" is declared \"\(type.rawValue)\" but its sample is \(node.typeName)"
        }
        if let problem { issue(at: node.offset, pointer, problem) }
    }

    static func isISODate(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
