import PipelineBasics

/// Checks HTML email templates against their manifest: structure, Mustache, declared variables,
/// content policy, size and encoding, then renders each with its sample data and checks the
/// output. Works on bytes the caller supplies (e.g. read from a git commit); see
/// `TemplateChecker+Disk.swift` for reading a folder.
public struct TemplateChecker: Sendable {
    /// Gmail clips a message body larger than this (102 KB).
    public static let defaultMaximumBytes = 102 * 1024
    /// At most this many invalid UTF-8 sequences are reported per file.
    static let maximumEncodingProblems = 10

    public let manifest: TemplateManifest
    public var maximumBytes: Int

    public init(manifest: TemplateManifest, maximumBytes: Int = TemplateChecker.defaultMaximumBytes) {
        self.manifest = manifest
        self.maximumBytes = maximumBytes
    }

    /// Every problem of one template. `path` names the file the way the manifest's own path is
    /// named (so `templates/manifest.json` pairs with `templates/receipts/x.html`). Problems of its
    /// subject and declared variables are reported in the manifest file.
    public func check<Bytes: Collection>(templateAt path: String, bytes: Bytes) -> [Diagnostic] where Bytes.Element == UInt8 {
        var problems: [Diagnostic] = []
        let text = SourceText(bytes: bytes)
        func add(_ offset: Int, _ rule: Diagnostic.Rule, _ message: String) {
            problems.append(Self.problem(path, text.location(of: offset), rule, message))
        }

        if bytes.count > maximumBytes {
            problems.append(Self.problem(
                path, text.location(ofByte: maximumBytes), .fileSize,
                "the file is \(bytes.count) bytes, over the \(maximumBytes)-byte (\(maximumBytes / 1024) KB) limit where Gmail clips messages (it passes the limit here): move content out or trim CSS and comments"))
        }
        for invalid in text.invalidSequences.prefix(Self.maximumEncodingProblems) {
            problems.append(Self.problem(
                path, text.location(ofByte: invalid.offset), .encoding,
                "invalid UTF-8 (\(invalid.length) byte(s) at byte offset \(invalid.offset)): save the file as UTF-8"))
        }
        if text.invalidSequences.count > Self.maximumEncodingProblems {
            problems.append(Self.problem(
                path, text.location(ofByte: text.invalidSequences[Self.maximumEncodingProblems].offset), .encoding,
                "\(text.invalidSequences.count - Self.maximumEncodingProblems) more invalid UTF-8 sequence(s): save the file as UTF-8"))
        }

        // Mustache: our scan for positions, swift-mustache as the authority.
        let scan = MustacheScanner.scan(text)
        for problem in scan.problems { add(problem.offset, problem.rule, problem.message) }
        let source = text.string(0..<text.count)
        let parsed = MustacheSyntax.parse(source)
        let mustacheFailure: MustacheSyntax.Failure? = if case .failure(let failure) = parsed { failure } else { nil }
        if let failure = mustacheFailure, !scan.problems.contains(where: { $0.rule == .mustacheSyntax }) {
            problems.append(Self.problem(path, SourcePosition(line: failure.line, column: failure.column), .mustacheSyntax, failure.message))
        }

        // HTML.
        // With broken Mustache, sections are not trustworthy: skip them so one missing {{/x}} does
        // not make every later end tag "cross a section".
        let mustacheIsBroken = mustacheFailure != nil || scan.problems.contains { $0.rule == .mustacheSyntax || $0.rule == .setDelimiter }
        let htmlTags = mustacheIsBroken ? scan.tags.filter { $0.kind != .section && $0.kind != .invertedSection && $0.kind != .close } : scan.tags
        let htmlProblems = Self.htmlProblems(of: text, mustacheTags: htmlTags, includeContentPolicy: true)
        for problem in htmlProblems { add(problem.offset, problem.rule, problem.message) }

        // Manifest: entry, placeholders, subject, sample rendering.
        guard let entry = manifest.entry(forTemplateAt: path) else {
            problems.append(Self.problem(
                path, .start, .missingManifestEntry,
                "no entry in \(manifest.path) names this template: add one under \"templates\" with \"path\": \"\(relativePath(path))\""))
            return problems.sorted()
        }
        var usage = MustacheUsage()
        usage.analyze(scan.tags, variables: entry.variables, describing: "the template")
        for undeclared in usage.undeclared { add(undeclared.offset, .undeclaredVariable, undeclared.message) }
        problems += subjectProblems(of: entry, usage: &usage)
        // After a set-delimiter tag the rest of the file was not scanned, so usage is unknown.
        let scannedWholeFile = !scan.problems.contains { $0.rule == .setDelimiter }
        for (variablePath, variable) in scannedWholeFile ? usage.unused(of: entry.variables) : [] {
            problems.append(Self.problem(
                manifest.path, variable.location, .unusedVariable,
                "variable \"\(variablePath)\" is declared for \(entry.path) but neither the template nor its subject uses it: use {{\(variable.name)}} or remove the declaration"))
        }

        let sourceIsClean = mustacheFailure == nil && scan.problems.isEmpty && text.invalidSequences.isEmpty
            && !htmlProblems.contains { $0.rule.rawValue.hasPrefix("html.") }
        if sourceIsClean, case .success(let template) = parsed {
            let rendered = TemplateRenderer.render(template, with: entry.sample)
            problems += renderedProblems(rendered, path: path, checkSize: bytes.count <= maximumBytes)
        }
        return problems.sorted()
    }

    /// Structure, document and (optionally) content problems of an HTML text.
    static func htmlProblems(of text: SourceText, mustacheTags: [MustacheTag], includeContentPolicy: Bool) -> [HTMLStructureChecker.Problem] {
        let (tokens, tokenizerProblems) = HTMLTokenizer.tokenize(text, mustacheTags: mustacheTags)
        var problems = tokenizerProblems.map { HTMLStructureChecker.Problem(offset: $0.offset, rule: $0.rule, message: $0.message) }
        problems += HTMLStructureChecker.check(tokens, in: text)
        problems += HTMLDocumentChecker.check(tokens, in: text)
        if includeContentPolicy { problems += HTMLContentPolicy.check(tokens, in: text) }
        return problems
    }

    /// Syntax and placeholder problems of an entry's subject, located in the manifest.
    private func subjectProblems(of entry: TemplateManifestEntry, usage: inout MustacheUsage) -> [Diagnostic] {
        let subject = SourceText(string: entry.subject)
        func location(_ offset: Int) -> SourcePosition {
            entry.manifestText.location(of: entry.subjectOffset + offset)
        }
        var problems: [Diagnostic] = []
        let scan = MustacheScanner.scan(subject)
        for problem in scan.problems {
            problems.append(Self.problem(manifest.path, location(problem.offset), problem.rule, "subject of \(entry.path): \(problem.message)"))
        }
        if scan.problems.isEmpty, let failure = MustacheSyntax.validate(entry.subject) {
            problems.append(Self.problem(manifest.path, location(failure.column - 1), .mustacheSyntax, "subject of \(entry.path): \(failure.message)"))
        }
        var subjectUsage = usage
        subjectUsage.analyze(scan.tags, variables: entry.variables, describing: "the subject of \(entry.path)")
        for undeclared in subjectUsage.undeclared.dropFirst(usage.undeclared.count) {
            problems.append(Self.problem(manifest.path, location(undeclared.offset), .undeclaredVariable, undeclared.message))
        }
        usage = subjectUsage
        return problems
    }

    /// Problems of the output rendered with sample data: leftover `{{`, broken structure, size.
    private func renderedProblems(_ rendered: String, path: String, checkSize: Bool) -> [Diagnostic] {
        let text = SourceText(string: rendered)
        var problems: [Diagnostic] = []
        let inOutput = { (offset: Int) in "in the output rendered with the sample data (at \(text.location(of: offset)) of the output)" }
        var index = 0
        let scalars = text.scalars
        while index + 1 < scalars.count {
            if scalars[index] == "{", scalars[index + 1] == "{" {
                problems.append(Self.problem(path, text.location(of: index), .unrenderedMustache,
                                             "\(inOutput(index)): unrendered '{{': a sample value contains Mustache, or braces need escaping"))
                index += 2
                continue
            }
            index += 1
        }
        for problem in Self.htmlProblems(of: text, mustacheTags: [], includeContentPolicy: false) {
            problems.append(Self.problem(path, text.location(of: problem.offset), .renderedMalformed,
                                         "\(inOutput(problem.offset)): \(problem.message) (\(problem.rule.rawValue)); check the sample data and unescaped {{{…}}} values"))
        }
        let size = rendered.utf8.count
        if checkSize, size > maximumBytes {
            problems.append(Self.problem(path, .start, .fileSize,
                                         "rendered with the sample data the email is \(size) bytes, over the \(maximumBytes / 1024) KB where Gmail clips it: shorten the template or the repeated sections"))
        }
        return problems
    }

    /// A problem the checker reports: every template rule is an error.
    static func problem(_ file: String, _ position: SourcePosition, _ rule: Diagnostic.Rule, _ message: String) -> Diagnostic {
        Diagnostic(severity: .error, message: message, file: file, position: position, rule: rule)
    }

    /// `path` relative to the manifest's folder, for messages.
    func relativePath(_ path: String) -> String {
        let base = manifest.baseDirectory
        let normalized = TemplateManifest.normalize(path)
        guard !base.isEmpty else { return normalized }
        let prefix = TemplateManifest.normalize(base) + "/"
        return normalized.hasPrefix(prefix) ? String(normalized.dropFirst(prefix.count)) : normalized
    }
}
