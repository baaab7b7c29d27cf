/* What the Check suites share: temporary folders and corpus paths. */
#ifndef CANCU_TEST_HELPERS_H
#define CANCU_TEST_HELPERS_H

#include <stddef.h>

#include <cancu/cancu.h>

/* A new empty folder under $TMPDIR; remove it with test_rmtree. */
char *test_tempdir(void);
void test_rmtree(const char *dir);
/* corpora/<relative>, malloc'd. */
char *test_corpus_path(const char *relative);
/* Write 'text' to 'dir'/'name'; the path, malloc'd. */
char *test_write_file(const char *dir, const char *name, const char *text);
/* The whole file, malloc'd and NUL-terminated. */
char *test_read_file(const char *path, size_t *len_out);
/* Split 'line' at tabs in place into at most 'cap' fields; the count. */
size_t test_split_tabs(char *line, char **fields, size_t cap);
/* The tasks of 'doc' as JSON text, as the archive keeps them with the
 * plan's identity: {"document": {"id", "path", "title", "date",
 * "issuer", "number", "place", "year"}, "tasks": [...]} (the private
 * serializer of ingest/tasks.c, which the typed accessors of
 * include/cancu/tasks.h read back). The caller frees *out. */
cancu_status_t test_tasks_json(const cancu_document_t *doc, char **out);

#endif
