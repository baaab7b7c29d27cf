/* hold-archive: open the archive in argv[1] for writing, print "ready",
 * and keep it open (holding the write lock) until stdin reaches EOF.
 * Used by test-lock.sh to make a second writer find the archive locked. */
#include <cancu/cancu.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    cancu_archive_t *archive = NULL;
    cancu_status_t status;
    char buffer[256];

    if (argc != 2) {
        fprintf(stderr, "usage: hold-archive DIR\n");
        return 2;
    }
    status = cancu_archive_open(&archive, argv[1], CANCU_ARCHIVE_WRITE);
    if (status != CANCU_STATUS_SUCCESS) {
        fprintf(stderr, "hold-archive: %s: %s\n", argv[1], cancu_error_last());
        return 3;
    }
    printf("ready\n");
    fflush(stdout);

    /* Block until whoever started us closes our stdin. */
    while (fread(buffer, 1, sizeof buffer, stdin) > 0) {
    }

    cancu_archive_close(archive);
    return 0;
}
