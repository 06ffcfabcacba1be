import CLibgit2
import Foundation

extension Repository {
    /// Writes the files of `commit` into `directory` (which must be empty or absent), without
    /// touching this repository's work tree, index or HEAD: a plain checkout of one commit, with
    /// its file modes and symbolic links, for steps that must see exactly that commit.
    public func export(_ commit: CommitID, to directory: String) throws(RepositoryError) {
        let tree = try treeHandle(of: commit)
        var options = git_checkout_options()
        try gitCheck(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))) {
            .libgit2(operation: "prepare checkout", subject: commit.hex, failure: $0)
        }
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_DONT_UPDATE_INDEX.rawValue
            | GIT_CHECKOUT_RECREATE_MISSING.rawValue
        let code = directory.withCString { path -> Int32 in
            options.target_directory = path
            return git_checkout_tree(handle.pointer, tree.pointer, &options)
        }
        try gitCheck(code) { .libgit2(operation: "check out", subject: "\(commit.hex) into \(directory)", failure: $0) }
    }
}
