import JSONSchema
import PipelineBasics

/// Checks a parsed manifest against the manifest's structure (the same rules as
/// `schemas/template-manifest.schema.json`, plus the cross-field rules a schema cannot say:
/// unique paths and names, samples matching declared types) and collects every issue. It walks
/// the document by JSON pointer; positions are the document's byte offsets, placed in the
/// manifest's `SourceText`.
struct ManifestDecoder {
    struct Decoded {
        let version: Int
        let brand: String?
        let templates: [TemplateManifestEntry]
    }

    /// A value of the manifest and its JSON pointer (by which the document gives its position).
    struct Node {
        let value: JSONValue
        let pointer: JSONPointer

        /// The members of an object, in file order.
        var members: [(key: String, node: Node)]? {
            guard case .object(let object) = value else { return nil }
            return object.map { ($0.key, Node(value: $0.value, pointer: pointer.appending($0.key))) }
        }

        /// The elements of an array.
        var elements: [Node]? {
            guard case .array(let array) = value else { return nil }
            return array.indices.map { Node(value: array[$0], pointer: pointer.appending(String($0))) }
        }

        /// The member named `key`, if this is an object that has it.
        func member(_ key: String) -> Node? {
            value[key].map { Node(value: $0, pointer: pointer.appending(key)) }
        }

        /// Human name of the JSON type, for messages.
        var typeName: String {
            switch value {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .bool: "a boolean"
            case .null: "null"
            }
        }
    }

    let document: JSONDocument
    let text: SourceText
    private(set) var issues: [ManifestIssue] = []

    init(document: JSONDocument, text: SourceText) {
        self.document = document
        self.text = text
    }

    static let rootKeys: Set<String> = ["$schema", "version", "brand", "templates"]
    static let entryKeys: Set<String> = ["path", "purpose", "trigger", "sender", "subject", "variables", "sample"]
    static let senderKeys: Set<String> = ["name", "email"]
    static let variableKeys: Set<String> = ["name", "type", "description", "required", "fields", "itemType"]

    mutating func issue(at byteOffset: Int, _ pointer: JSONPointer, _ message: String) {
        let name = pointer.description
        issues.append(ManifestIssue(location: text.location(ofByte: byteOffset), pointer: name.isEmpty ? "/" : name, message: message))
    }

    /// The byte offset of a value's first character.
    func offset(of node: Node) -> Int {
        document.offset(of: node.pointer) ?? 0
    }

    /// The byte offset of an object member's key (its opening quote).
    func keyOffset(of node: Node) -> Int {
        document.keyOffset(of: node.pointer) ?? offset(of: node)
    }

    mutating func decodeManifest() -> Decoded? {
        let root = Node(value: document.root, pointer: JSONPointer())
        guard let members = root.members else {
            issue(at: offset(of: root), root.pointer, "the manifest must be a JSON object with \"version\" and \"templates\", not \(root.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.rootKeys, what: "the manifest")
        var version = 1
        if let node = requireMember(root, "version") {
            if case .number(let value) = node.value, value.doubleValue == 1 {
                version = 1
            } else {
                issue(at: offset(of: node), node.pointer, "\"version\" must be 1 (the only manifest version), found \(node.typeName)")
            }
        }
        let brand = optionalString(root, "brand")
        var templates: [TemplateManifestEntry] = []
        if let node = requireMember(root, "templates") {
            if let elements = node.elements {
                if elements.isEmpty { issue(at: offset(of: node), node.pointer, "\"templates\" is empty: name at least one template") }
                var seenPaths: [String: Int] = [:]
                for (index, element) in elements.enumerated() {
                    guard let entry = decodeEntry(element) else { continue }
                    let key = TemplateManifest.normalize(entry.path)
                    if let first = seenPaths[key] {
                        issue(at: offset(of: element), element.pointer.appending("path"),
                              "template \"\(entry.path)\" is already named by \(node.pointer.appending(String(first))): keep one entry per file")
                    } else {
                        seenPaths[key] = index
                    }
                    templates.append(entry)
                }
            } else {
                issue(at: offset(of: node), node.pointer, "\"templates\" must be an array of template entries, not \(node.typeName)")
            }
        }
        return Decoded(version: version, brand: brand, templates: templates)
    }

    private mutating func decodeEntry(_ node: Node) -> TemplateManifestEntry? {
        guard let members = node.members else {
            issue(at: offset(of: node), node.pointer, "a template entry must be an object, not \(node.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.entryKeys, what: "a template entry")
        let path = requiredString(node, "path")
        if let path, let pathNode = node.member("path") {
            checkTemplatePath(path, at: offset(of: pathNode), pointer: pathNode.pointer)
        }
        let purpose = requiredString(node, "purpose")
        let trigger = requiredString(node, "trigger")
        let sender = decodeSender(node.member("sender"), owner: node, pointer: node.pointer.appending("sender"))
        let subject = requiredString(node, "subject")
        var variables: [TemplateVariable] = []
        if let variablesNode = requireMember(node, "variables") {
            variables = decodeVariables(variablesNode) ?? []
        }
        var sample: [String: TemplateValue] = [:]
        if let sampleNode = requireMember(node, "sample") {
            if let sampleMembers = sampleNode.members {
                checkSample(sampleMembers, owner: sampleNode, against: variables)
                for (key, member) in sampleMembers { sample[key] = Self.templateValue(member.value) }
            } else {
                issue(at: offset(of: sampleNode), sampleNode.pointer,
                      "\"sample\" must be an object of sample values keyed by variable name, not \(sampleNode.typeName)")
            }
        }
        guard let path, let purpose, let trigger, let sender, let subject,
              let subjectNode = node.member("subject"), let pathNode = node.member("path") else { return nil }
        // Positions just inside the opening quotes: the path string, and the subject's first
        // character (Mustache problems of the subject are placed from there).
        return TemplateManifestEntry(
            path: path, purpose: purpose, trigger: trigger, sender: sender, subject: subject,
            variables: variables, sample: sample, location: text.location(ofByte: offset(of: node)),
            pathLocation: text.location(ofByte: offset(of: pathNode) + 1),
            subjectOffset: text.scalarOffset(ofByte: offset(of: subjectNode) + 1), manifestText: text)
    }

    private mutating func checkTemplatePath(_ path: String, at offset: Int, pointer: JSONPointer) {
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

    private mutating func decodeSender(_ node: Node?, owner: Node, pointer: JSONPointer) -> TemplateSender? {
        guard let node else {
            issue(at: offset(of: owner), pointer, "missing \"sender\": add {\"name\": …, \"email\": …}")
            return nil
        }
        guard let members = node.members else {
            issue(at: offset(of: node), pointer, "\"sender\" must be an object {\"name\": …, \"email\": …}, not \(node.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.senderKeys, what: "a sender")
        let name = requiredString(node, "name")
        let email = requiredString(node, "email")
        if let email, !Self.isEmailAddress(email), let emailNode = node.member("email") {
            issue(at: offset(of: emailNode), emailNode.pointer, "\"\(email)\" is not an email address like noreply@bbws.example")
        }
        guard let name, let email else { return nil }
        return TemplateSender(name: name, email: email)
    }

    private mutating func decodeVariables(_ node: Node) -> [TemplateVariable]? {
        guard let elements = node.elements else {
            issue(at: offset(of: node), node.pointer, "must be an array of variable declarations, not \(node.typeName)")
            return nil
        }
        var result: [TemplateVariable] = []
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            guard let variable = decodeVariable(element) else { continue }
            if let first = seen[variable.name] {
                issue(at: offset(of: element), element.pointer.appending("name"),
                      "variable \"\(variable.name)\" is already declared at \(node.pointer.appending(String(first))): declare each name once")
                continue
            }
            seen[variable.name] = index
            result.append(variable)
        }
        return result
    }

    private mutating func decodeVariable(_ node: Node) -> TemplateVariable? {
        guard let members = node.members else {
            issue(at: offset(of: node), node.pointer, "a variable must be an object with name, type, description and required, not \(node.typeName)")
            return nil
        }
        checkKeys(members, allowed: Self.variableKeys, what: "a variable")
        let name = requiredString(node, "name")
        if let name, !Self.isVariableName(name), let nameNode = node.member("name") {
            issue(at: offset(of: nameNode), nameNode.pointer,
                  "\"\(name)\" is not a valid variable name: use letters, digits and '_', starting with a letter or '_'")
        }
        let type = decodeType(node, key: "type", required: true)
        let description = requiredString(node, "description")
        var required = false
        if let requiredNode = requireMember(node, "required") {
            if let value = requiredNode.value.boolValue {
                required = value
            } else {
                issue(at: offset(of: requiredNode), requiredNode.pointer, "\"required\" must be true or false, not \(requiredNode.typeName)")
            }
        }
        var fields: [TemplateVariable] = []
        if let fieldsMember = node.member("fields") {
            if let type, type.isScalar {
                issue(at: keyOffset(of: fieldsMember), fieldsMember.pointer,
                      "\"fields\" is only for \"array\" and \"object\" variables, but the type is \"\(type.rawValue)\": remove it")
            }
            fields = decodeVariables(fieldsMember) ?? []
            if fields.isEmpty, fieldsMember.value.arrayValue != nil {
                issue(at: offset(of: fieldsMember), fieldsMember.pointer, "\"fields\" is empty: declare the fields or remove it")
            }
        }
        let itemType = decodeType(node, key: "itemType", required: false)
        if let itemMember = node.member("itemType") {
            if type != .array {
                issue(at: keyOffset(of: itemMember), itemMember.pointer, "\"itemType\" is only for \"array\" variables: remove it")
            } else if let itemType, !itemType.isScalar {
                issue(at: offset(of: itemMember), itemMember.pointer, "\"itemType\" must be a scalar type; for arrays of objects declare \"fields\" instead")
            } else if node.member("fields") != nil {
                issue(at: keyOffset(of: itemMember), itemMember.pointer,
                      "declare either \"fields\" (array of objects) or \"itemType\" (array of scalars), not both")
            }
        }
        if type == .object, node.member("fields") == nil {
            issue(at: offset(of: node), node.pointer, "an \"object\" variable needs \"fields\" declaring its members")
        }
        if type == .array, node.member("fields") == nil, node.member("itemType") == nil {
            issue(at: offset(of: node), node.pointer, "an \"array\" variable needs \"fields\" (array of objects) or \"itemType\" (array of scalars)")
        }
        guard let name, let type, let description else { return nil }
        return TemplateVariable(name: name, type: type, description: description, required: required,
                                fields: fields, itemType: type == .array && fields.isEmpty ? (itemType ?? .string) : nil,
                                location: text.location(ofByte: offset(of: node)))
    }

    private mutating func decodeType(_ node: Node, key: String, required: Bool) -> TemplateVariableType? {
        guard let member = node.member(key) else {
            if required { issue(at: offset(of: node), node.pointer, "missing \"\(key)\": one of " + Self.typeList) }
            return nil
        }
        guard let string = member.value.stringValue, let type = TemplateVariableType(rawValue: string) else {
            issue(at: offset(of: member), member.pointer, "\"\(key)\" must be one of \(Self.typeList)")
            return nil
        }
        return type
    }

    static var typeList: String {
        TemplateVariableType.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    }

    // MARK: Helpers

    private mutating func checkKeys(_ members: [(key: String, node: Node)], allowed: Set<String>, what: String) {
        for (key, member) in members where !allowed.contains(key) {
            issue(at: keyOffset(of: member), member.pointer,
                  "unknown key \"\(key)\" in \(what): allowed keys are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private mutating func requireMember(_ node: Node, _ key: String) -> Node? {
        guard let member = node.member(key) else {
            issue(at: offset(of: node), node.pointer, "missing required key \"\(key)\"")
            return nil
        }
        return member
    }

    private mutating func requiredString(_ node: Node, _ key: String) -> String? {
        guard let value = requireMember(node, key) else { return nil }
        guard let string = value.value.stringValue else {
            issue(at: offset(of: value), value.pointer, "\"\(key)\" must be a string, not \(value.typeName)")
            return nil
        }
        if string.allSatisfy(\.isWhitespace) {
            issue(at: offset(of: value), value.pointer, "\"\(key)\" is empty: write a value")
            return nil
        }
        return string
    }

    private mutating func optionalString(_ node: Node, _ key: String) -> String? {
        guard let value = node.member(key) else { return nil }
        guard let string = value.value.stringValue else {
            issue(at: offset(of: value), value.pointer, "\"\(key)\" must be a string, not \(value.typeName)")
            return nil
        }
        return string
    }

    /// A JSON value as a sample value for Mustache.
    static func templateValue(_ value: JSONValue) -> TemplateValue {
        switch value {
        case .object(let object):
            var members: [String: TemplateValue] = [:]
            for member in object { members[member.key] = templateValue(member.value) }
            return .object(members)
        case .array(let elements): return .array(elements.map(templateValue))
        case .string(let string): return .string(string)
        case .number(let number): return .number(number.doubleValue)
        case .bool(let bool): return .bool(bool)
        case .null: return .null
        }
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
