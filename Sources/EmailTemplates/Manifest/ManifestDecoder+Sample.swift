import JSONSchema

/// Checks sample values against the declared variables: no value for an undeclared name, a
/// value for every required variable, and each value of its declared type.
extension ManifestDecoder {
    mutating func checkSample(_ members: [(key: String, node: Node)], owner: Node, against variables: [TemplateVariable]) {
        let declared = Dictionary(variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, member) in members {
            guard let variable = declared[key] else {
                issue(at: keyOffset(of: member), member.pointer,
                      "sample value for \"\(key)\", which is not a declared variable: declare it or remove the value")
                continue
            }
            checkValue(member, against: variable)
        }
        let present = Set(members.filter { if case .null = $0.node.value { false } else { true } }.map(\.key))
        for variable in variables where variable.required && !present.contains(variable.name) {
            issue(at: offset(of: owner), owner.pointer, "required variable \"\(variable.name)\" has no sample value: add one so the template can be rendered")
        }
    }

    private mutating func checkValue(_ node: Node, against variable: TemplateVariable) {
        if case .null = node.value {
            if variable.required { issue(at: offset(of: node), node.pointer, "\"\(variable.name)\" is required, so its sample must not be null") }
            return
        }
        switch variable.type {
        case .array:
            guard let elements = node.elements else {
                issue(at: offset(of: node), node.pointer, "\"\(variable.name)\" is declared \"array\" but its sample is \(node.typeName)")
                return
            }
            for (index, element) in elements.enumerated() {
                if !variable.fields.isEmpty {
                    checkObject(element, fields: variable.fields, name: "\(variable.name)[\(index)]")
                } else {
                    checkScalar(element, type: variable.itemType ?? .string, name: "\(variable.name)[\(index)]")
                }
            }
        case .object:
            checkObject(node, fields: variable.fields, name: variable.name)
        default:
            checkScalar(node, type: variable.type, name: variable.name)
        }
    }

    private mutating func checkObject(_ node: Node, fields: [TemplateVariable], name: String) {
        guard let members = node.members else {
            issue(at: offset(of: node), node.pointer, "the sample for \"\(name)\" must be an object with its declared fields, not \(node.typeName)")
            return
        }
        checkSample(members, owner: node, against: fields)
    }

    private mutating func checkScalar(_ node: Node, type: TemplateVariableType, name: String) {
        let problem: String?
        switch (type, node.value) {
        case (.string, .string): problem = nil
        case (.number, .number): problem = nil
        case (.integer, .number(let number)):
            let value = number.doubleValue
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
        if let problem { issue(at: offset(of: node), node.pointer, problem) }
    }

    static func isISODate(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
