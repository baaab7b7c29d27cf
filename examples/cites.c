/* An example of libcancu: the tasks resting on a legal document.
 *
 *   cites ARCHIVE-DIR REF   the tasks of the archive's plans citing REF
 *   cites FILE REF          the tasks of one plan file (TXT, DOCX, DOC,
 *                           PDF) citing REF
 *
 * Each task is printed as 'cancu cites' prints it: "  task NO [AREA]
 * TEXT". Built against the installed library:
 *
 *   cc -o cites cites.c $(pkg-config --cflags --libs cancu)
 */
#include <stdio.h>
#include <sys/stat.h>

#include <cancu/cancu.h>

static void print_tasks(const cancu_task_list_t *tasks)
{
    for (size_t i = 0; i < cancu_task_list_count(tasks); i++) {
        const cancu_task_t *t = cancu_task_list_get(tasks, i);

        printf("  task %s [%s] %s\n", cancu_task_no(t), cancu_task_area(t),
               cancu_task_text(t));
    }
}

/* The tasks of the archive in 'dir' citing 'ref'. */
static cancu_status_t from_archive(const char *dir, const char *ref)
{
    cancu_archive_t *archive = NULL;
    cancu_cites_t *cites = NULL;
    cancu_status_t status;

    status = cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ);
    if (status == CANCU_STATUS_SUCCESS)
        status = cancu_archive_cites(&cites, archive, ref, NULL);
    if (status == CANCU_STATUS_SUCCESS)
        print_tasks(cancu_cites_tasks(cites));
    cancu_cites_destroy(cites);
    cancu_archive_close(archive);
    return status;
}

/* The tasks of the plan file at 'path' citing 'ref'. */
static cancu_status_t from_file(const char *path, const char *ref)
{
    cancu_task_query_t query = CANCU_TASK_QUERY_INIT;
    cancu_document_t *doc = NULL;
    cancu_task_list_t *tasks = NULL;
    cancu_status_t status;

    query.cites = ref;
    status = cancu_document_open(&doc, path, NULL);
    if (status == CANCU_STATUS_SUCCESS)
        status = cancu_document_tasks(&tasks, doc, &query);
    if (status == CANCU_STATUS_SUCCESS)
        print_tasks(tasks);
    cancu_task_list_destroy(tasks);
    cancu_document_destroy(doc);
    return status;
}

int main(int argc, char **argv)
{
    struct stat st;
    cancu_status_t status;

    if (argc != 3) {
        fprintf(stderr, "usage: cites ARCHIVE-DIR|FILE REF\n");
        return 2;
    }
    if (stat(argv[1], &st) == 0 && S_ISDIR(st.st_mode))
        status = from_archive(argv[1], argv[2]);
    else
        status = from_file(argv[1], argv[2]);
    if (status != CANCU_STATUS_SUCCESS) {
        fprintf(stderr, "cites: %s: %s\n", cancu_status_to_string(status),
                cancu_error_last());
        return 1;
    }
    return 0;
}
