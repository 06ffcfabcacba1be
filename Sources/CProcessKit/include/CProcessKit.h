#ifndef CPROCESSKIT_H
#define CPROCESSKIT_H
#include <spawn.h>

/// Sets the child's working directory (glibc >= 2.29; Swift's Glibc module does not export it).
int cpk_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
