#ifndef PIPELINE_CLIBGIT2_SHIM_H
#define PIPELINE_CLIBGIT2_SHIM_H

/* Umbrella for libgit2 (Debian's libgit2-dev; code targets libgit2 1.5 to 1.9). */
#include <git2.h>

/*
 * git_libgit2_opts is variadic, which Swift cannot call; these wrappers fix its arguments.
 */

/* Whether libgit2 re-hashes every object it reads (on by default; git itself does not). */
static inline int clibgit2_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#endif
