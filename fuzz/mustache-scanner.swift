// libFuzzer entry point: the Mustache tag scanner of EmailTemplates (the template tokenizer),
// on any bytes, valid UTF-8 or not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMustacheScanner(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = SourceText(bytes: UnsafeBufferPointer(start: data, count: size))
    let result = MustacheScanner.scan(text)
    for problem in result.problems {
        precondition(problem.offset >= 0 && problem.offset <= text.scalars.count, "a problem points outside the text")
    }
    for (start, end) in result.tagEnds {
        precondition(start < end && end <= text.scalars.count, "a tag ends outside the text")
    }
    return 0
}
