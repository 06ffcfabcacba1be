import CLibgit2
import Foundation

/// Who made a commit (author or committer) and when, with the time-zone offset they recorded.
public struct Signature: Sendable, Hashable, Codable {
    public let name: String
    public let email: String
    /// The instant.
    public let date: Date
    /// The recorded offset from UTC in minutes (e.g. +0530 is 330, -0800 is -480).
    public let timeZoneOffsetMinutes: Int

    public init(name: String, email: String, date: Date, timeZoneOffsetMinutes: Int) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }

    /// Seconds since 1970, as Git stores them.
    public var unixTime: Int64 { Int64(date.timeIntervalSince1970.rounded()) }

    /// The recorded time zone.
    public var timeZone: TimeZone? { TimeZone(secondsFromGMT: timeZoneOffsetMinutes * 60) }

    /// The offset as Git prints it: "+0200", "-0800".
    public var formattedOffset: String {
        let sign = timeZoneOffsetMinutes < 0 ? "-" : "+"
        let minutes = abs(timeZoneOffsetMinutes)
        let hours = minutes / 60, rest = minutes % 60
        return sign + (hours < 10 ? "0" : "") + "\(hours)" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        name = value.name.map { String(cString: $0) } ?? ""
        email = value.email.map { String(cString: $0) } ?? ""
        date = Date(timeIntervalSince1970: TimeInterval(value.when.time))
        timeZoneOffsetMinutes = Int(value.when.offset)
    }
}
