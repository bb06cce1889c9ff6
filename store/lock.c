/* SPDX-License-Identifier: MIT
 * lock.c - one crawl per store at a time. LMDB serialises writers by waiting; a second crawl on
 * the same store should not wait for hours but say so at once. flock() on DIR/crawl.lock: the
 * kernel drops the lock when the process dies, kill -9 included, so a lock is never stale.
 */
#include "cs_setup.h"

#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

int cs_store_crawl_lock(const char *dir, int *fd_out, struct cs_diag *diag)
{
    char path[4096];
    char pid[32] = "";
    ssize_t n;
    int fd;

    *fd_out = -1;
    snprintf(path, sizeof(path), "%s/crawl.lock", dir);
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        cs_diag_set(diag, 0, CS_E_STORE, "cannot open '%s': %s", path, strerror(errno));
        return CS_E_STORE;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        n = read(fd, pid, sizeof(pid) - 1);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        cs_diag_set(diag, 0, CS_E_BUSY, "another crawl (pid %s) is writing to store '%s'",
                    pid[0] ? pid : "?", dir);
        close(fd);
        return CS_E_BUSY;
    }
    snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && write(fd, pid, strlen(pid)) < 0)
        cs_diag_set(diag, 0, CS_OK, "cannot record the pid in '%s'", path);
    *fd_out = fd;
    return CS_OK;
}

void cs_store_crawl_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* closing drops the flock */
}
