/// Checks a parsed manifest against the manifest's structure (the same rules as
/// `schemas/template-manifest.schema.json`, plus the cross-field rules a schema cannot say:
/// unique paths and names, samples matching declared types) and collects every issue.
struct ManifestDecoder {
    struct Decoded {
        let version: Int
        let brand: String?
        let templates: [TemplateManifestEntry]
    }

    let text: SourceText
    private(set) var issues: [ManifestIssue] = []

    init(text: SourceText) {
        self.text = text
    }

    static let rootKeys: Set<String> = ["$schema", "version", "brand", "templates"]
    static let entryKeys: Set<String> = ["path", "purpose", "trigger", "sender", "subject", "variables", "sample"]
    static let senderKeys: Set<String> = ["name", "email"]
    static let variableKeys: Set<String> = ["name", "type", "description", "required", "fields", "itemType"]

    mutating func issue(at offset: Int, _ pointer: String, _ message: String) {
        issues.append(ManifestIssue(location: text.location(of: offset), pointer: pointer.isEmpty ? "/" : pointer, message: message))
    }

    mutating func decodeManifest(_ root: JSONNode) -> Decoded? {
        guard let members = root.members else {
            issue(at: root.offset, "", "the manifest must be a JSON object with \"version\" and \"templates\", not \(root.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.rootKeys, pointer: "", what: "the manifest")
        var version = 1
        if let node = requireMember(root, "version", pointer: "") {
            if case .number(let value, _) = node.kind, value == 1 {
                version = 1
            } else {
                issue(at: node.offset, "/version", "\"version\" must be 1 (the only manifest version), found \(node.typeName)")
            }
        }
        let brand = optionalString(root, "brand", pointer: "")
        var templates: [TemplateManifestEntry] = []
        if let node = requireMember(root, "templates", pointer: "") {
            if let elements = node.elements {
                if elements.isEmpty { issue(at: node.offset, "/templates", "\"templates\" is empty: name at least one template") }
                var seenPaths: [String: Int] = [:]
                for (index, element) in elements.enumerated() {
                    guard let entry = decodeEntry(element, pointer: "/templates/\(index)") else { continue }
                    let key = TemplateManifest.normalize(entry.path)
                    if let first = seenPaths[key] {
                        issue(at: element.offset, "/templates/\(index)/path",
                              "template \"\(entry.path)\" is already named by /templates/\(first): keep one entry per file")
                    } else {
                        seenPaths[key] = index
                    }
                    templates.append(entry)
                }
            } else {
                issue(at: node.offset, "/templates", "\"templates\" must be an array of template entries, not \(node.typeName)")
            }
        }
        return Decoded(version: version, brand: brand, templates: templates)
    }

    private mutating func decodeEntry(_ node: JSONNode, pointer: String) -> TemplateManifestEntry? {
        guard let members = node.members else {
            issue(at: node.offset, pointer, "a template entry must be an object, not \(node.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.entryKeys, pointer: pointer, what: "a template entry")
        let path = requiredString(node, "path", pointer: pointer)
        if let path, let pathNode = node.member("path")?.value {
            checkTemplatePath(path, at: pathNode.offset, pointer: pointer + "/path")
        }
        let purpose = requiredString(node, "purpose", pointer: pointer)
        let trigger = requiredString(node, "trigger", pointer: pointer)
        let sender = decodeSender(node.member("sender")?.value, owner: node, pointer: pointer + "/sender")
        let subject = requiredString(node, "subject", pointer: pointer)
        var variables: [TemplateVariable] = []
        if let variablesNode = requireMember(node, "variables", pointer: pointer) {
            variables = decodeVariables(variablesNode, pointer: pointer + "/variables") ?? []
        }
        var sample: [String: TemplateValue] = [:]
        if let sampleNode = requireMember(node, "sample", pointer: pointer) {
            if let sampleMembers = sampleNode.members {
                checkSample(sampleMembers, ownerOffset: sampleNode.offset, against: variables, pointer: pointer + "/sample")
                for member in sampleMembers { sample[member.key] = member.value.templateValue }
            } else {
                issue(at: sampleNode.offset, pointer + "/sample", "\"sample\" must be an object of sample values keyed by variable name, not \(sampleNode.typeName)")
            }
        }
        guard let path, let purpose, let trigger, let sender, let subject,
              let subjectNode = node.member("subject")?.value, let pathNode = node.member("path")?.value else { return nil }
        return TemplateManifestEntry(
            path: path, purpose: purpose, trigger: trigger, sender: sender, subject: subject,
            variables: variables, sample: sample, location: text.location(of: node.offset),
            pathLocation: text.location(of: pathNode.offset + 1),
            subjectOffset: subjectNode.offset + 1, manifestText: text)
    }

    private mutating func checkTemplatePath(_ path: String, at offset: Int, pointer: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.hasPrefix("/") {
            issue(at: offset, pointer, "\"\(path)\" is absolute: write it relative to the manifest's folder")
        } else if segments.contains("..") {
            issue(at: offset, pointer, "\"\(path)\" leaves the manifest's folder: templates must be inside it")
        } else if !path.lowercased().hasSuffix(".html") {
            issue(at: offset, pointer, "\"\(path)\" is not an .html file: templates are HTML files ending in .html")
        } else if path.contains("\\") {
            issue(at: offset, pointer, "\"\(path)\" uses '\\': separate folders with '/'")
        }
    }

    private mutating func decodeSender(_ node: JSONNode?, owner: JSONNode, pointer: String) -> TemplateSender? {
        guard let node else {
            issue(at: owner.offset, pointer, "missing \"sender\": add {\"name\": …, \"email\": …}")
            return nil
        }
        guard let members = node.members else {
            issue(at: node.offset, pointer, "\"sender\" must be an object {\"name\": …, \"email\": …}, not \(node.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.senderKeys, pointer: pointer, what: "a sender")
        let name = requiredString(node, "name", pointer: pointer)
        let email = requiredString(node, "email", pointer: pointer)
        if let email, !Self.isEmailAddress(email), let emailNode = node.member("email")?.value {
            issue(at: emailNode.offset, pointer + "/email", "\"\(email)\" is not an email address like noreply@bbws.example")
        }
        guard let name, let email else { return nil }
        return TemplateSender(name: name, email: email)
    }

    private mutating func decodeVariables(_ node: JSONNode, pointer: String) -> [TemplateVariable]? {
        guard let elements = node.elements else {
            issue(at: node.offset, pointer, "must be an array of variable declarations, not \(node.typeName)")
            return nil
        }
        var result: [TemplateVariable] = []
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            guard let variable = decodeVariable(element, pointer: "\(pointer)/\(index)") else { continue }
            if let first = seen[variable.name] {
                issue(at: element.offset, "\(pointer)/\(index)/name", "variable \"\(variable.name)\" is already declared at \(pointer)/\(first): declare each name once")
                continue
            }
            seen[variable.name] = index
            result.append(variable)
        }
        return result
    }

    private mutating func decodeVariable(_ node: JSONNode, pointer: String) -> TemplateVariable? {
        guard let members = node.members else {
            issue(at: node.offset, pointer, "a variable must be an object with name, type, description and required, not \(node.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.variableKeys, pointer: pointer, what: "a variable")
        let name = requiredString(node, "name", pointer: pointer)
        if let name, !Self.isVariableName(name), let nameNode = node.member("name")?.value {
            issue(at: nameNode.offset, pointer + "/name", "\"\(name)\" is not a valid variable name: use letters, digits and '_', starting with a letter or '_'")
        }
        let type = decodeType(node, key: "type", pointer: pointer, required: true)
        let description = requiredString(node, "description", pointer: pointer)
        var required = false
        if let requiredNode = requireMember(node, "required", pointer: pointer) {
            if let value = requiredNode.boolValue {
                required = value
            } else {
                issue(at: requiredNode.offset, pointer + "/required", "\"required\" must be true or false, not \(requiredNode.typeName)")
            }
        }
        var fields: [TemplateVariable] = []
        if let fieldsMember = node.member("fields") {
            if let type, type.isScalar {
                issue(at: fieldsMember.keyOffset, pointer + "/fields", "\"fields\" is only for \"array\" and \"object\" variables, but the type is \"\(type.rawValue)\": remove it")
            }
            fields = decodeVariables(fieldsMember.value, pointer: pointer + "/fields") ?? []
            if fields.isEmpty, fieldsMember.value.elements != nil {
                issue(at: fieldsMember.value.offset, pointer + "/fields", "\"fields\" is empty: declare the fields or remove it")
            }
        }
        let itemType = decodeType(node, key: "itemType", pointer: pointer, required: false)
        if let itemMember = node.member("itemType") {
            if type != .array {
                issue(at: itemMember.keyOffset, pointer + "/itemType", "\"itemType\" is only for \"array\" variables: remove it")
            } else if let itemType, !itemType.isScalar {
                issue(at: itemMember.value.offset, pointer + "/itemType", "\"itemType\" must be a scalar type; for arrays of objects declare \"fields\" instead")
            } else if node.member("fields") != nil {
                issue(at: itemMember.keyOffset, pointer + "/itemType", "declare either \"fields\" (array of objects) or \"itemType\" (array of scalars), not both")
            }
        }
        if type == .object, node.member("fields") == nil {
            issue(at: node.offset, pointer, "an \"object\" variable needs \"fields\" declaring its members")
        }
        if type == .array, node.member("fields") == nil, node.member("itemType") == nil {
            issue(at: node.offset, pointer, "an \"array\" variable needs \"fields\" (array of objects) or \"itemType\" (array of scalars)")
        }
        guard let name, let type, let description else { return nil }
        return TemplateVariable(name: name, type: type, description: description, required: required,
                                fields: fields, itemType: type == .array && fields.isEmpty ? (itemType ?? .string) : nil,
                                location: text.location(of: node.offset))
    }

    private mutating func decodeType(_ node: JSONNode, key: String, pointer: String, required: Bool) -> TemplateVariableType? {
        guard let member = node.member(key) else {
            if required { issue(at: node.offset, pointer, "missing \"\(key)\": one of " + Self.typeList) }
            return nil
        }
        guard let string = member.value.stringValue, let type = TemplateVariableType(rawValue: string) else {
            issue(at: member.value.offset, "\(pointer)/\(key)", "\"\(key)\" must be one of \(Self.typeList)")
            return nil
        }
        return type
    }

    static var typeList: String {
        TemplateVariableType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }

    // MARK: Helpers

    private mutating func checkKeys(_ members: [JSONNode.Member], allowed: Set<String>, pointer: String, what: String) {
        for member in members where !allowed.contains(member.key) {
            issue(at: member.keyOffset, "\(pointer)/\(member.key)",
                  "unknown key \"\(member.key)\" in \(what): allowed keys are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private mutating func requireMember(_ node: JSONNode, _ key: String, pointer: String) -> JSONNode? {
        guard let member = node.member(key) else {
            issue(at: node.offset, pointer, "missing required key \"\(key)\"")
            return nil
        }
        return member.value
    }

    private mutating func requiredString(_ node: JSONNode, _ key: String, pointer: String) -> String? {
        guard let value = requireMember(node, key, pointer: pointer) else { return nil }
        guard let string = value.stringValue else {
            issue(at: value.offset, "\(pointer)/\(key)", "\"\(key)\" must be a string, not \(value.typeName)")
            return nil
        }
        if string.allSatisfy(\.isWhitespace) {
            issue(at: value.offset, "\(pointer)/\(key)", "\"\(key)\" is empty: write a value")
            return nil
        }
        return string
    }

    private mutating func optionalString(_ node: JSONNode, _ key: String, pointer: String) -> String? {
        guard let value = node.member(key)?.value else { return nil }
        guard let string = value.stringValue else {
            issue(at: value.offset, "\(pointer)/\(key)", "\"\(key)\" must be a string, not \(value.typeName)")
            return nil
        }
        return string
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlpha || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" }
    }

    static func isEmailAddress(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !value.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }
}
