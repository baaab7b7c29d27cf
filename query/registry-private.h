/* What the registry's importers share with registry.c. Private to the
 * library. */
#ifndef CANCU_QUERY_REGISTRY_PRIVATE_H
#define CANCU_QUERY_REGISTRY_PRIVATE_H

#include <stdbool.h>

#include <jansson.h>

#include <cancu/registry.h>

/* The canonical id of 'text' as the TSV import reads an id: *out
 * malloc'd; or _INVALID_ARGUMENT with *why (malloc'd) saying why. */
cancu_status_t cancu_registry__canonical(const char *text, char **out,
                                         char **why);
/* The archive's own record of 'id' (not the shipped one), or NULL. */
cancu_status_t cancu_registry__load(cancu_archive_t *archive, const char *id,
                                    json_t **out);
/* Store 'record' as the archive's record of its id, also found by
 * 'extra_term' when not NULL. In the writer's transaction. */
cancu_status_t cancu_registry__store(cancu_archive_t *archive, json_t *record,
                                     const char *extra_term);
/* Open the writer's transaction, records of older archives moved. */
cancu_status_t cancu_registry__begin(cancu_archive_t *archive);
cancu_registry_report_t *cancu_registry__report_new(void);
bool cancu_registry__reject(cancu_registry_report_t *report, size_t line,
                            const char *message);
void cancu_registry__count(cancu_registry_report_t *report, int added,
                           int updated, int unchanged);
bool cancu_registry__note(cancu_registry_report_t *report, const char *note);

#endif
