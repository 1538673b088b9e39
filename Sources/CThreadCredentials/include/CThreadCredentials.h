#ifndef SETTLE_C_THREAD_CREDENTIALS_H
#define SETTLE_C_THREAD_CREDENTIALS_H
#include <sys/types.h>

/// Sets the effective uid of the calling thread only (the raw setresuid system call; glibc's
/// wrapper changes every thread). Lets a test or abuse driver running as root open a
/// connection as another uid: the server reads the uid of the connecting thread (SO_PEERCRED).
/// Returns 0, or -1 with errno set.
int settle_thread_set_effective_uid(uid_t uid);

#endif
