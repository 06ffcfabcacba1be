import Foundation

/// Checks a store file before SQLite opens it, so an empty, truncated or foreign file is
/// reported as such instead of being taken for (or turned into) a new, empty store.
enum SQLiteFileCheck {
    /// The file's identity (device, inode), to notice it being removed or replaced later.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Throws ``EngineError/storeCorrupt(_:)`` when the file at `path` is not a whole SQLite database.
    static func check(_ path: String) throws {
        let advice = "it was not changed: restore it from a backup, or move it away to start a new, empty store"
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw EngineError.storeFailure("cannot read \(path)")
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: 0)
        if size == 0 { throw EngineError.storeCorrupt("\(path) is empty (0 bytes), not a run store; \(advice)") }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        let magic = Data("SQLite format 3".utf8) + Data([0])
        guard header.count == 100, header.prefix(16) == magic else {
            throw EngineError.storeCorrupt("\(path) is not a SQLite database (\(size) bytes without a SQLite header); \(advice)")
        }
        let bytes = [UInt8](header)
        func big(_ offset: Int, _ count: Int) -> UInt64 { bytes[offset..<offset + count].reduce(0) { $0 << 8 | UInt64($1) } }
        var pageSize = big(16, 2)
        if pageSize == 1 { pageSize = 65536 }
        let pages = big(28, 4)
        // The in-header size is valid when "version valid for" equals the change counter.
        if pages > 0, big(92, 4) == big(24, 4), size < pageSize * pages {
            throw EngineError.storeCorrupt("\(path) is truncated (\(size) bytes; its header says \(pageSize * pages)); \(advice)")
        }
    }
}
