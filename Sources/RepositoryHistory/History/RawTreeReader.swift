import CLibgit2
import Foundation

/// Finds entries in tree objects by scanning their raw bytes (`<mode> <name>\0<id>` records),
/// as git does, instead of having libgit2 parse every entry of every tree into a vector:
/// a path-limited history walk looks up one name in thousands of root trees, and parsing
/// them whole cost three times as much as reading them.
final class RawTreeReader {
    private let repository: Repository
    private let odb: GitHandle

    init(repository: Repository) throws(RepositoryError) {
        self.repository = repository
        self.odb = try GitHandle.make(owner: repository.handle, free: git_odb_free, onError: {
            .libgit2(operation: "open object database", subject: repository.gitDirectory.path, failure: $0)
        }) { git_repository_odb($0, repository.handle.pointer) }
    }

    /// A path as the byte strings of its segments ("" has none: the tree itself).
    static func segments(_ path: String) -> [[UInt8]] {
        path.split(separator: "/").map { Array($0.utf8) }
    }

    /// The id and mode of the entry at the path made of `segments` below tree `root`; nil
    /// when there is none.
    func entry(at segments: [[UInt8]], in root: git_oid) throws(RepositoryError) -> (id: git_oid, mode: UInt32)? {
        var current = (id: root, mode: GIT_FILEMODE_TREE.rawValue)
        for segment in segments {
            guard current.mode == GIT_FILEMODE_TREE.rawValue else { return nil }
            guard let next = try find(segment, in: current.id) else { return nil }
            current = next
        }
        return current
    }

    /// Scans one tree object for `name`.
    private func find(_ wanted: [UInt8], in tree: git_oid) throws(RepositoryError) -> (id: git_oid, mode: UInt32)? {
        var lookup = tree
        let object = try GitHandle.make(owner: repository.handle, free: git_odb_object_free, onError: {
            .libgit2(operation: "read tree", subject: ObjectID.hexString(lookup), failure: $0)
        }) { git_odb_read($0, odb.pointer, &lookup) }
        guard git_odb_object_type(object.pointer) == GIT_OBJECT_TREE, let data = git_odb_object_data(object.pointer) else {
            return nil
        }
        let bytes = UnsafeRawBufferPointer(start: data, count: git_odb_object_size(object.pointer))
        var index = 0
        while index < bytes.count {
            var mode: UInt32 = 0
            while index < bytes.count && bytes[index] != 0x20 {
                mode = mode << 3 | UInt32(bytes[index] &- 0x30)
                index += 1
            }
            let nameStart = index + 1
            guard nameStart < bytes.count,
                  let found = memchr(bytes.baseAddress! + nameStart, 0, bytes.count - nameStart) else { return nil }
            let nul = UnsafeRawPointer(found) - bytes.baseAddress!
            guard nul + 21 <= bytes.count else { return nil }
            if nul - nameStart == wanted.count
                && memcmp(bytes.baseAddress! + nameStart, wanted, wanted.count) == 0 {
                return (RawOID(bytes: bytes.baseAddress! + nul + 1).oid, mode)
            }
            index = nul + 21
        }
        return nil
    }
}
