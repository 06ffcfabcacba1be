/// The branch a GitHub Actions job was started for (`$GITHUB_REF_NAME` of a branch ref), read
/// where a job needs it and its checkout cannot say (a run recorded from a job, a dispatch
/// continuing a run on the job's branch).
enum GitHubBranch {
    static func of(_ environment: [String: String]) -> String? {
        guard environment["GITHUB_ACTIONS"] == "true", environment["GITHUB_REF_TYPE"] == "branch",
              let name = environment["GITHUB_REF_NAME"], !name.isEmpty else { return nil }
        return name
    }
}
