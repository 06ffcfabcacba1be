#ifndef CPROCESSKIT_H
#define CPROCESSKIT_H
#include <spawn.h>

/// Sets the child's working directory (glibc >= 2.29; Swift's Glibc module does not export it).
int cpk_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Creates a pipe whose ends are close-on-exec (pipe2(O_CLOEXEC); not exported by Swift's Glibc module).
int cpk_pipe_cloexec(int fds[2]);

/// Closes every descriptor from `from` up in the child (glibc >= 2.34): the runner's own open
/// files and sockets (and whatever its parent passed it) must not outlive a step in its daemons.
int cpk_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/// Makes this process undumpable (Linux: prctl(PR_SET_DUMPABLE, 0)): its /proc/<pid>/environ,
/// mem and the like become root's, and ptrace by a process of the same user is refused. A child
/// that execs gets the default back. Returns 0, or -1 with errno set; 0 where there is no prctl.
int cpk_set_undumpable(void);

/// Whether this process is dumpable (1), not (0), or -1 when it cannot be told.
int cpk_is_dumpable(void);

#endif
