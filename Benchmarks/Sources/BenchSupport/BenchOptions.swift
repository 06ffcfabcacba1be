/// The arguments of a benchmark executable: a command, then `--name value` pairs.
public struct BenchOptions: Sendable {
    public var command = ""
    public var values: [String: String] = [:]

    public init(_ arguments: [String]) {
        command = arguments.first ?? ""
        var index = 1
        while index < arguments.count {
            let name = arguments[index]
            if name.hasPrefix("--"), index + 1 < arguments.count {
                values[String(name.dropFirst(2))] = arguments[index + 1]
                index += 2
            } else {
                index += 1
            }
        }
    }

    public func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
    public func double(_ name: String, _ fallback: Double) -> Double { values[name].flatMap(Double.init) ?? fallback }
}
