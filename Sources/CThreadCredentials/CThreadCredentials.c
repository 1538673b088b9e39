#define _GNU_SOURCE
#include "CThreadCredentials.h"
#include <unistd.h>
#include <sys/syscall.h>

int settle_thread_set_effective_uid(uid_t uid) {
#ifdef SYS_setresuid
    return (int)syscall(SYS_setresuid, (uid_t)-1, uid, (uid_t)-1);
#else
    return -1;
#endif
}
