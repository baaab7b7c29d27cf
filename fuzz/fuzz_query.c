/* The search query parser, through cancu_search: its parser needs the
 * archive to expand field filters and abbreviations, so the harness builds
 * a one-plan archive in a temporary directory once. The same bytes go to
 * the other parsers of what people type: a reference (cites, registry
 * show) and a date (--as-of). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/archive.h>
#include <cancu/document.h>
#include <cancu/check.h>
#include <cancu/registry.h>
#include <cancu/search.h>
#include <cancu/tasks.h>

#include "util/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char plan[] =
    "UBND TỈNH GIA LAI\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n"
    "Số: 12/KH-SGDĐT\nGia Lai, ngày 10 tháng 01 năm 2022\n"
    "KẾ HOẠCH\nCải cách hành chính năm 2022\n"
    "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ;\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "1. Nâng cao chất lượng giải quyết thủ tục hành chính (TTHC).\n"
    "- Văn phòng Sở chủ trì, thực hiện trước ngày 31/12/2022.\n";

static char archive_dir[] = "/tmp/cancu-fuzz-query-XXXXXX";
static cancu_archive_t *archive;

static void remove_archive(void)
{
    cancu_archive_close(archive);
    cancu_fs__remove_tree(archive_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    cancu_document_t *doc = NULL;
    cancu_add_result_t added;

    (void)argc;
    (void)argv;
    if (!mkdtemp(archive_dir) ||
        cancu_archive_open(&archive, archive_dir, CANCU_ARCHIVE_WRITE) ||
        cancu_document_open_buffer(&doc, "plan.txt", plan, sizeof plan - 1,
                                   NULL) ||
        cancu_archive_add(archive, doc, &added) ||
        cancu_archive_commit(archive)) {
        fprintf(stderr, "fuzz_query: cannot build the archive in %s\n",
                archive_dir);
        abort();
    }
    cancu_document_destroy(doc);
    atexit(remove_archive);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cancu_results_t *results = NULL;
    char *query;

    if (memchr(data, '\0', size))
        return -1;
    query = malloc(size + 1);
    if (!query)
        return 0;
    memcpy(query, data, size);
    query[size] = '\0';
    if (cancu_search(&results, archive, query, NULL) == CANCU_STATUS_SUCCESS) {
        for (size_t i = 0; i < cancu_results_count(results); i++)
            if (strlen(cancu_hit_snippet(cancu_results_get(results, i))) ==
                SIZE_MAX)
                __builtin_trap();
    }
    cancu_results_destroy(results);
    {
        cancu_registry_entry_list_t *found = NULL;
        cancu_cites_t *cites = NULL;
        char date[11];

        if (cancu_registry_lookup(&found, archive, query) ==
                CANCU_STATUS_SUCCESS &&
            cancu_registry_entry_list_count(found) == 0)
            __builtin_trap();
        cancu_registry_entry_list_destroy(found);
        if (cancu_archive_cites(&cites, archive, query, NULL) ==
                CANCU_STATUS_SUCCESS &&
            !cites)
            __builtin_trap();
        cancu_cites_destroy(cites);
        if (cancu_date_parse(date, query) == CANCU_STATUS_SUCCESS &&
            strlen(date) > 10)
            __builtin_trap();
    }
    free(query);
    return 0;
}
