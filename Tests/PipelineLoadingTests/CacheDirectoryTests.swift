import Foundation
import PipelineLoading
import TestTiers
import Testing

/// Where compiled pipeline files are cached: `$PIPELINE_CACHE_DIR`, else `$XDG_CACHE_HOME/pipeline`,
/// else `$HOME/.cache/pipeline` (a CI job's own home, not the account's), else the account's home.
@Suite(.fast) struct CacheDirectoryTests {
    @Test func theCacheFollowsTheEnvironmentBeforeTheAccount() {
        #expect(PipelineLoader.defaultCacheDirectory(environment: ["PIPELINE_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"]).path == "/c")
        #expect(PipelineLoader.defaultCacheDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).path == "/x/pipeline")
        #expect(PipelineLoader.defaultCacheDirectory(environment: ["HOME": "/jobs/7/home"]).path == "/jobs/7/home/.cache/pipeline")
        #expect(PipelineLoader.defaultCacheDirectory(environment: [:]).path
            == FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/pipeline").path)
    }
}
