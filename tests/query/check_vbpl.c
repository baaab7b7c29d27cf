/* TCase "vbpl" of suite "query": the readers of the vbpl.vn dataset
 * tables, on the fixtures of corpora/vbpl/ and on files made here. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "query/vbpl.h"
#include "util/util.h"

TCase *query_vbpl_tcase(void);

/* Rows as read, copied out of the callbacks. */
typedef struct document_row {
    char *id, *number, *type, *issuer, *title, *status_label;
    char signed_on[11], in_force[11], expired[11];
    cancu_legal_status_t status;
    bool partial, suspended;
    size_t line;
} document_row_t;

typedef struct relationship_row {
    char *doc_id, *other_doc_id, *label, *acting_id, *target_id;
    cancu_vbpl_kind_t kind;
    cancu_vbpl_direction_t direction;
    bool partial;
    size_t line;
} relationship_row_t;

typedef struct rows {
    document_row_t *documents;
    relationship_row_t *relationships;
    size_t count, cap;
    /* Stop with this status at row 'stop_at' (0: never). */
    size_t stop_at;
} rows_t;

static char *copy(const char *s)
{
    char *c = strdup(s);

    ck_assert_ptr_nonnull(c);
    return c;
}

static cancu_status_t take_document(const cancu_vbpl_document_t *d,
                                    void *payload)
{
    rows_t *rows = payload;
    document_row_t *row;

    if (rows->count == rows->cap) {
        rows->cap = rows->cap ? rows->cap * 2 : 16;
        rows->documents =
            realloc(rows->documents, rows->cap * sizeof *rows->documents);
        ck_assert_ptr_nonnull(rows->documents);
    }
    row = &rows->documents[rows->count++];
    row->id = copy(d->id);
    row->number = copy(d->number);
    row->type = copy(d->type);
    row->issuer = copy(d->issuer);
    row->title = copy(d->title);
    row->status_label = copy(d->status_label);
    memcpy(row->signed_on, d->signed_on, sizeof row->signed_on);
    memcpy(row->in_force, d->in_force, sizeof row->in_force);
    memcpy(row->expired, d->expired, sizeof row->expired);
    row->status = d->status;
    row->partial = d->partial;
    row->suspended = d->suspended;
    row->line = d->line;
    if (rows->stop_at && rows->count == rows->stop_at)
        return CANCU_STATUS_INVALID_ARGUMENT;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t take_relationship(const cancu_vbpl_relationship_t *r,
                                        void *payload)
{
    rows_t *rows = payload;
    relationship_row_t *row;

    if (rows->count == rows->cap) {
        rows->cap = rows->cap ? rows->cap * 2 : 16;
        rows->relationships = realloc(rows->relationships,
                                      rows->cap * sizeof *rows->relationships);
        ck_assert_ptr_nonnull(rows->relationships);
    }
    row = &rows->relationships[rows->count++];
    row->doc_id = copy(r->doc_id);
    row->other_doc_id = copy(r->other_doc_id);
    row->label = copy(r->label);
    row->acting_id = copy(r->acting_id);
    row->target_id = copy(r->target_id);
    row->kind = r->kind;
    row->direction = r->direction;
    row->partial = r->partial;
    row->line = r->line;
    return CANCU_STATUS_SUCCESS;
}

static void rows_dispose(rows_t *rows)
{
    for (size_t i = 0; rows->documents && i < rows->count; i++) {
        document_row_t *d = &rows->documents[i];

        free(d->id);
        free(d->number);
        free(d->type);
        free(d->issuer);
        free(d->title);
        free(d->status_label);
    }
    for (size_t i = 0; rows->relationships && i < rows->count; i++) {
        relationship_row_t *r = &rows->relationships[i];

        free(r->doc_id);
        free(r->other_doc_id);
        free(r->label);
        free(r->acting_id);
        free(r->target_id);
    }
    free(rows->documents);
    free(rows->relationships);
    memset(rows, 0, sizeof *rows);
}

static void read_documents(const char *relative, rows_t *rows,
                           cancu_vbpl_counts_t *counts)
{
    char *path = test_corpus_path(relative);
    cancu_status_t status =
        cancu_vbpl__read_documents(counts, path, take_document, rows);

    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "%s: %s", relative,
                  cancu_error_last());
    free(path);
}

static void read_relationships(const char *relative, rows_t *rows,
                               cancu_vbpl_counts_t *counts)
{
    char *path = test_corpus_path(relative);
    cancu_status_t status =
        cancu_vbpl__read_relationships(counts, path, take_relationship, rows);

    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "%s: %s", relative,
                  cancu_error_last());
    free(path);
}

static const document_row_t *document(const rows_t *rows, const char *id)
{
    for (size_t i = 0; i < rows->count; i++)
        if (strcmp(rows->documents[i].id, id) == 0)
            return &rows->documents[i];
    ck_abort_msg("no document %s", id);
    return NULL;
}

/* Whether one of the kept messages holds 'text'. */
static bool has_message(const cancu_vbpl_counts_t *counts, const char *text)
{
    for (size_t i = 0; i < counts->nmessages; i++)
        if (strstr(counts->messages[i], text))
            return true;
    return false;
}

#define CHECK_MESSAGE(counts, tail)                                            \
    ck_assert_msg(has_message(counts, tail), "no message '%s' (first: %s)",    \
                  tail, (counts)->nmessages ? (counts)->messages[0] : "-")

static size_t tally_count(const cancu_vbpl_tally_t *t, const char *name)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->entries[i].name, name) == 0)
            return t->entries[i].count;
    return 0;
}

START_TEST(test_query_vbpl__documents_csv)
{
    cancu_vbpl_counts_t counts;
    rows_t rows = {0};
    const document_row_t *d;

    read_documents("vbpl/documents.csv", &rows, &counts);
    ck_assert(!counts.json);
    ck_assert_uint_eq(counts.rows, 10);
    ck_assert_uint_eq(counts.given, 8);
    ck_assert_uint_eq(counts.rejected, 2);
    ck_assert_uint_eq(counts.bad_dates, 1);
    ck_assert_uint_eq(counts.no_status, 1);
    ck_assert_uint_eq(counts.unknown_columns.count, 1);
    ck_assert_uint_eq(tally_count(&counts.unknown_columns, "crawled_at"), 1);
    ck_assert_uint_eq(counts.unknown_labels.count, 1);
    ck_assert_uint_eq(tally_count(&counts.unknown_labels, "Không xác định"), 1);
    CHECK_MESSAGE(&counts,
                  "documents.csv:10: 4 fields where the header has 18");
    CHECK_MESSAGE(&counts, "documents.csv:11: no id");
    CHECK_MESSAGE(&counts,
                  "documents.csv:8: ngay_ban_hanh: '31/02/2021' is not a date");

    /* The BOM is not part of the first column's name; quoted commas. */
    d = document(&rows, "10001");
    ck_assert_uint_eq(d->line, 2);
    ck_assert_str_eq(d->title,
                     "Nghị định quy định về tuyển dụng, sử dụng và quản lý "
                     "công chức");
    ck_assert_str_eq(d->number, "138/2020/NĐ-CP");
    ck_assert_str_eq(d->type, "Nghị định");
    ck_assert_str_eq(d->issuer, "Chính phủ");
    ck_assert_str_eq(d->signed_on, "2020-11-27");
    ck_assert_str_eq(d->in_force, "2020-11-27");
    ck_assert_str_eq(d->expired, "2025-07-01");
    ck_assert_int_eq(d->status, CANCU_LEGAL_EXPIRED);
    ck_assert(!d->partial && !d->suspended);
    /* A line end and a quote quoted in a field; the row's first line. */
    d = document(&rows, "10002");
    ck_assert_uint_eq(d->line, 3);
    ck_assert_str_eq(d->title,
                     "Nghị định quy định về công chức\r\n(\"Nghị định 170\")");
    ck_assert_str_eq(d->expired, "");
    ck_assert_int_eq(d->status, CANCU_LEGAL_IN_FORCE);
    d = document(&rows, "10003");
    ck_assert_uint_eq(d->line, 5);
    ck_assert_int_eq(d->status, CANCU_LEGAL_IN_FORCE);
    ck_assert(d->partial && !d->suspended);
    ck_assert_int_eq(document(&rows, "10004")->status,
                     CANCU_LEGAL_NOT_YET_IN_FORCE);
    d = document(&rows, "10005");
    ck_assert_int_eq(d->status, CANCU_LEGAL_UNKNOWN);
    ck_assert(d->suspended && !d->partial);
    /* A date that is no date is given as none. */
    d = document(&rows, "10006");
    ck_assert_uint_eq(d->line, 8);
    ck_assert_str_eq(d->signed_on, "");
    ck_assert_str_eq(d->in_force, "2021-02-22");
    ck_assert_int_eq(d->status, CANCU_LEGAL_UNKNOWN);
    ck_assert_str_eq(d->status_label, "Không xác định");
    /* ISO dates, with a time; NFD text comes out NFC; capitals. */
    d = document(&rows, "10007");
    ck_assert_uint_eq(d->line, 9);
    ck_assert_str_eq(d->signed_on, "2021-06-21");
    ck_assert_str_eq(d->in_force, "2021-08-15");
    ck_assert_str_eq(d->title, "Nghị định quy định cơ chế tự chủ tài chính");
    ck_assert_str_eq(d->status_label, "CÒN HIỆU LỰC");
    ck_assert_int_eq(d->status, CANCU_LEGAL_IN_FORCE);
    /* The last row has no line end, after a blank line. */
    d = document(&rows, "10009");
    ck_assert_uint_eq(d->line, 13);
    ck_assert_str_eq(d->number, "602/QĐ-UBND");
    ck_assert_str_eq(d->status_label, "");
    ck_assert_int_eq(d->status, CANCU_LEGAL_UNKNOWN);
    ck_assert_uint_eq(counts.by_status[CANCU_LEGAL_IN_FORCE], 3);
    ck_assert_uint_eq(counts.by_status[CANCU_LEGAL_UNKNOWN], 3);
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
}
END_TEST

START_TEST(test_query_vbpl__documents_json_lines)
{
    cancu_vbpl_counts_t counts;
    rows_t rows = {0};
    const document_row_t *d;

    read_documents("vbpl/documents.jsonl", &rows, &counts);
    ck_assert(counts.json);
    ck_assert_uint_eq(counts.rows, 8);
    ck_assert_uint_eq(counts.given, 4);
    ck_assert_uint_eq(counts.rejected, 4);
    ck_assert_uint_eq(counts.bad_dates, 1);
    ck_assert_uint_eq(tally_count(&counts.unknown_columns, "crawled_at"), 1);
    ck_assert_uint_eq(counts.unknown_columns.count, 1);
    CHECK_MESSAGE(&counts, "documents.jsonl:5: not a JSON object");
    CHECK_MESSAGE(&counts, "documents.jsonl:8: 'tinh_trang_hieu_luc' is not "
                           "a string or a whole number");
    CHECK_MESSAGE(&counts, "documents.jsonl:9: no key 'id'");
    CHECK_MESSAGE(&counts, "documents.jsonl:4: not JSON: ");
    d = document(&rows, "10001");
    ck_assert_uint_eq(d->line, 1);
    ck_assert_str_eq(d->expired, "2025-07-01");
    ck_assert_int_eq(d->status, CANCU_LEGAL_EXPIRED);
    d = document(&rows, "10002");
    ck_assert_str_eq(d->title,
                     "Nghị định quy định về công chức\n(\"Nghị định 170\")");
    ck_assert_str_eq(d->expired, "");
    /* 10006.0, as pandas writes an id column with gaps. */
    d = document(&rows, "10006");
    ck_assert_uint_eq(d->line, 6);
    ck_assert_str_eq(d->signed_on, "");
    d = document(&rows, "10007");
    ck_assert_int_eq(d->status, CANCU_LEGAL_IN_FORCE);
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
}
END_TEST

/* Every row of relationships.csv that has a direction has 20001 acting
 * on 20002, whichever of them is doc_id; every label of the table is in
 * it. */
START_TEST(test_query_vbpl__relationships_both_ways)
{
    cancu_vbpl_counts_t counts;
    rows_t rows = {0};
    size_t nlabels;
    const cancu_vbpl_label_t *labels = cancu_vbpl__labels(&nlabels);
    size_t directed = 0, both_ways = 0;

    read_relationships("vbpl/relationships.csv", &rows, &counts);
    ck_assert(!counts.json);
    ck_assert_uint_eq(counts.rejected, 3);
    CHECK_MESSAGE(&counts, "relationships.csv:46: no other_doc_id");
    CHECK_MESSAGE(&counts, "relationships.csv:47: no relationship label");
    CHECK_MESSAGE(&counts,
                  "relationships.csv:48: 4 fields where the header has 3");
    ck_assert_uint_eq(counts.given + counts.rejected, counts.rows);
    ck_assert_uint_eq(counts.unknown_labels.count, 2);
    ck_assert_uint_eq(tally_count(&counts.unknown_labels, "Thay thế"), 2);
    ck_assert_uint_eq(
        tally_count(&counts.unknown_labels, "Văn bản được đính chính"), 1);
    ck_assert_uint_eq(counts.by_kind[CANCU_VBPL_KIND_UNKNOWN], 3);
    for (size_t i = 0; i < rows.count; i++) {
        const relationship_row_t *r = &rows.relationships[i];

        if (r->direction == CANCU_VBPL_NO_DIRECTION)
            continue;
        directed++;
        ck_assert_msg(strcmp(r->acting_id, "20001") == 0 &&
                          strcmp(r->target_id, "20002") == 0,
                      "line %zu ('%s'): %s acts on %s", r->line, r->label,
                      r->acting_id, r->target_id);
        if (strcmp(r->doc_id, "20002") == 0) {
            ck_assert_int_eq(r->direction, CANCU_VBPL_OTHER_ACTS);
            both_ways++;
        }
    }
    ck_assert_uint_ge(both_ways, 17);
    ck_assert_uint_ge(directed, 2 * 17);
    /* Every label of the table, in the fixture as written. */
    for (size_t k = 0; k < nlabels; k++) {
        bool seen = false;

        for (size_t i = 0; i < rows.count && !seen; i++) {
            const cancu_vbpl_label_t *e =
                cancu_vbpl__find_label(rows.relationships[i].label,
                                       strlen(rows.relationships[i].label));

            seen = e == &labels[k];
        }
        ck_assert_msg(seen, "label '%s' is not in the fixture",
                      labels[k].label);
    }
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
}
END_TEST

START_TEST(test_query_vbpl__labels_matched_by_folding)
{
    size_t nlabels;
    const cancu_vbpl_label_t *labels = cancu_vbpl__labels(&nlabels);
    const cancu_vbpl_label_t *e;
    const char *caps = "VĂN BẢN HD, QĐ CHI TIẾT";
    const char *spaced = "\tVăn bản   được sửa đổi\xC2\xA0";
    /* Each label of the table is written folded, and is unique. */
    for (size_t i = 0; i < nlabels; i++) {
        e = cancu_vbpl__find_label(labels[i].label, strlen(labels[i].label));
        ck_assert_msg(e == &labels[i], "'%s' does not fold to itself",
                      labels[i].label);
    }
    e = cancu_vbpl__find_label(caps, strlen(caps));
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->direction, CANCU_VBPL_OTHER_ACTS);
    e = cancu_vbpl__find_label(spaced, strlen(spaced));
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->kind, CANCU_VBPL_KIND_AMENDS);
    ck_assert_int_eq(e->direction, CANCU_VBPL_DOC_ACTS);
    /* Bare verbs say no direction: never guessed. */
    ck_assert_ptr_null(cancu_vbpl__find_label("Thay thế", strlen("Thay thế")));
    ck_assert_ptr_null(cancu_vbpl__find_label("sửa đổi", strlen("sửa đổi")));
    ck_assert_ptr_null(cancu_vbpl__find_label("\xFF", 1));
    ck_assert_str_eq(cancu_vbpl__kind_name(CANCU_VBPL_KIND_EXPIRES), "expires");
    ck_assert_str_eq(cancu_vbpl__kind_name((cancu_vbpl_kind_t)99), "unknown");
}
END_TEST

START_TEST(test_query_vbpl__statuses_and_dates)
{
    cancu_legal_status_t status;
    bool partial, suspended;
    char date[11];

    ck_assert(cancu_vbpl__find_status("Hết hiệu lực 1 phần",
                                      strlen("Hết hiệu lực 1 phần"), &status,
                                      &partial, &suspended));
    ck_assert_int_eq(status, CANCU_LEGAL_IN_FORCE);
    ck_assert(partial && !suspended);
    ck_assert(cancu_vbpl__find_status("Ngưng hiệu lực một phần",
                                      strlen("Ngưng hiệu lực một phần"),
                                      &status, &partial, &suspended));
    ck_assert(partial && suspended);
    ck_assert(!cancu_vbpl__find_status("Đã biết", strlen("Đã biết"), &status,
                                       &partial, &suspended));
    ck_assert_int_eq(status, CANCU_LEGAL_UNKNOWN);
    ck_assert(cancu_vbpl__date("1/7/2025", 8, date));
    ck_assert_str_eq(date, "2025-07-01");
    ck_assert(cancu_vbpl__date("29/02/2024", 10, date));
    ck_assert(!cancu_vbpl__date("29/02/2023", 10, date));
    ck_assert_str_eq(date, "");
    ck_assert(cancu_vbpl__date("2024-02-29T00:00:00", 19, date));
    ck_assert_str_eq(date, "2024-02-29");
    ck_assert(!cancu_vbpl__date("2024-02-29x", 11, date));
    ck_assert(!cancu_vbpl__date("2024-13-01", 10, date));
    ck_assert(!cancu_vbpl__date("01/01/20245", 11, date));
    ck_assert(!cancu_vbpl__date("None", 4, date));
    ck_assert(cancu_vbpl__date("", 0, date));
    ck_assert_str_eq(date, "");
}
END_TEST

START_TEST(test_query_vbpl__relationships_json_lines)
{
    cancu_vbpl_counts_t counts;
    rows_t rows = {0};

    read_relationships("vbpl/relationships.jsonl", &rows, &counts);
    ck_assert(counts.json);
    ck_assert_uint_eq(counts.given, 4);
    ck_assert_uint_eq(counts.rejected, 1);
    CHECK_MESSAGE(&counts, "relationships.jsonl:5: no key 'other_doc_id'");
    ck_assert_uint_eq(tally_count(&counts.unknown_columns, "note"), 1);
    ck_assert_uint_eq(tally_count(&counts.unknown_labels, "Thay thế"), 1);
    ck_assert_str_eq(rows.relationships[0].acting_id, "20001");
    ck_assert_str_eq(rows.relationships[1].acting_id, "20001");
    ck_assert_str_eq(rows.relationships[1].target_id, "20002");
    ck_assert_int_eq(rows.relationships[2].kind, CANCU_VBPL_KIND_IGNORED);
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
}
END_TEST

/* A real pair: the corpus text that states which document acts, and
 * what the dataset's rows must give. */
typedef struct real_pair {
    const char *acting, *target;
    cancu_vbpl_kind_t kind;
    bool partial;
    /* Where corpora/real says it: 'file' line 'line' holds 'phrase';
     * 'who_line' holds 'who', which names the acting document when the
     * phrase says "này" (this document). */
    const char *file;
    size_t line;
    const char *phrase;
    size_t who_line;
    const char *who;
    size_t rows; /* rows of real-relationships.csv for the pair */
} real_pair_t;

static const real_pair_t real_pairs[] = {
    /* "Thông tư này thay thế Thông tư số 01/2021/TT-BTC". */
    {"110/2025/TT-BTC", "01/2021/TT-BTC", CANCU_VBPL_KIND_EXPIRES, false,
     "tnt-110-2025-TT-BTC.txt", 189,
     "Thông tư này thay thế Thông tư số 01/2021/TT-BTC", 24,
     "Thông tư 110/2025/TT-BTC", 2},
    /* "Nghị định này thay thế các Nghị định sau: ... 123/2016/NĐ-CP". */
    {"303/2025/NĐ-CP", "123/2016/NĐ-CP", CANCU_VBPL_KIND_EXPIRES, false,
     "tnt-303-2025-ND-CP-2.txt", 536,
     "Nghị định này thay thế các Nghị định sau: Nghị định số "
     "123/2016/NĐ-CP",
     11, "Số: 303/2025/NĐ-CP", 2},
    /* Line 1512: "sau đây hết hiệu lực kể từ ngày Nghị định này có hiệu
     * lực"; line 1518: "c) Nghị định số 138/2020/NĐ-CP". */
    {"170/2025/NĐ-CP", "138/2020/NĐ-CP", CANCU_VBPL_KIND_EXPIRES, false,
     "tnt-170-2025-ND-CP.txt", 1518, "c) Nghị định số 138/2020/NĐ-CP", 1512,
     "hết hiệu lực kể từ ngày Nghị định này có hiệu lực", 2},
    /* "Bãi bỏ các quy định ... tại Nghị định số 33/2023/NĐ-CP": part of
     * it. */
    {"170/2025/NĐ-CP", "33/2023/NĐ-CP", CANCU_VBPL_KIND_EXPIRES, true,
     "tnt-170-2025-ND-CP.txt", 1524,
     "Bãi bỏ các quy định liên quan về công chức cấp xã tại Nghị định số "
     "33/2023/NĐ-CP",
     1, "Số: 170/2025/NĐ-CP", 2},
    {"171/2025/NĐ-CP", "101/2017/NĐ-CP", CANCU_VBPL_KIND_EXPIRES, true,
     "tnt-171-2025-ND-CP.txt", 596,
     "Nghị định này bãi bỏ các quy định về đào tạo, bồi dưỡng công chức "
     "quy định tại Nghị định số 101/2017/NĐ-CP",
     1, "Số: 171/2025/NĐ-CP", 2},
    /* Điều 5: "Sửa đổi, bổ sung một số điều của Thông tư số
     * 09/2025/TT-BTP" (both "sửa đổi" and "bổ sung" rows). */
    {"24/2025/TT-BTP", "09/2025/TT-BTP", CANCU_VBPL_KIND_AMENDS, false,
     "tnt-24-2025-TT-BTP.txt", 193,
     "Sửa đổi, bổ sung một số điều của Thông tư số 09/2025/TT-BTP", 11,
     "Số: 24/2025/TT-BTP", 4},
    /* Cited by another: "Nghị định số 70/2025/NĐ-CP ... sửa đổi, bổ sung
     * một số điều của Nghị định số 123/2020/NĐ-CP". */
    {"70/2025/NĐ-CP", "123/2020/NĐ-CP", CANCU_VBPL_KIND_AMENDS, false,
     "tnt-110-2025-TT-BTC.txt", 114,
     "sửa đổi, bổ sung một số điều của Nghị định số 123/2020/NĐ-CP", 113,
     "định số 70/2025/NĐ-CP", 2},
    /* "3. Bãi bỏ Thông tư liên tịch số 07/2013/TTLT-BGDĐT-BNV-BTC". */
    {"21/2025/TT-BGDĐT", "07/2013/TTLT-BGDĐT-BNV-BTC", CANCU_VBPL_KIND_REPEALS,
     false, "tnt-21-2025-TT-BGDDT.txt", 171,
     "3. Bãi bỏ Thông tư liên tịch số 07/2013/TTLT-BGDĐT-BNV-BTC", 2,
     "Số: 21/2025/TT-BGDĐT", 2},
    /* "... và thay thế Nghị định số 95/1998/NĐ-CP". */
    {"117/2003/NĐ-CP", "95/1998/NĐ-CP", CANCU_VBPL_KIND_REPLACES, false,
     "vip-2004-NghiDinh117_2003.groundtruth.txt", 478,
     "kể từ ngày đăng Công báo và thay thế Nghị định số 95/1998/NĐ-CP", 1,
     "Nghị định của Chính phủ số 117/2003/NĐ-CP", 2},
    /* The basis: "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15". */
    {"24/2025/TT-BTP", "63/2025/QH15", CANCU_VBPL_KIND_IGNORED, false,
     "tnt-24-2025-TT-BTP.txt", 23,
     "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15", 11, "Số: 24/2025/TT-BTP",
     1},
    /* Guidance: 145/2020/NĐ-CP "quy định chi tiết và hướng dẫn thi hành
     * một số điều của Bộ luật Lao động" (45/2019/QH14:
     * corpora/data/laws.tsv). */
    {"145/2020/NĐ-CP", "45/2019/QH14", CANCU_VBPL_KIND_IGNORED, false,
     "tnt-21-2025-TT-BGDDT.txt", 15,
     "quy định chi tiết và hướng dẫn thi hành một số điều của **Bộ luật "
     "Lao động**",
     15, "Nghị định số 145/2020/NĐ-CP", 2},
};

/* Line 'number' of corpora/real/'file'. */
static char *corpus_line(const char *file, size_t number)
{
    char relative[256];
    char *path, *text, *p, *end, *line;
    size_t len;

    snprintf(relative, sizeof relative, "real/%s", file);
    path = test_corpus_path(relative);
    text = test_read_file(path, &len);
    p = text;
    for (size_t n = 1; n < number && p; n++) {
        p = memchr(p, '\n', len - (size_t)(p - text));
        if (p)
            p++;
    }
    ck_assert_msg(p != NULL, "%s has no line %zu", file, number);
    end = memchr(p, '\n', len - (size_t)(p - text));
    line = strndup(p, end ? (size_t)(end - p) : len - (size_t)(p - text));
    ck_assert_ptr_nonnull(line);
    free(text);
    free(path);
    return line;
}

static const char *number_of(const rows_t *documents, const char *id)
{
    for (size_t i = 0; i < documents->count; i++)
        if (strcmp(documents->documents[i].id, id) == 0)
            return documents->documents[i].number;
    ck_abort_msg("no document %s in real-documents.csv", id);
    return NULL;
}

/* Each pair whose direction a text of corpora/real states, as the
 * dataset lists it on both documents' pages, gives the acting document
 * the text names. */
START_TEST(test_query_vbpl__directions_stated_by_real_texts)
{
    cancu_vbpl_counts_t counts;
    rows_t documents = {0}, relationships = {0};
    size_t seen[sizeof real_pairs / sizeof *real_pairs] = {0};

    for (size_t k = 0; k < sizeof real_pairs / sizeof *real_pairs; k++) {
        const real_pair_t *p = &real_pairs[k];
        char *line = corpus_line(p->file, p->line);
        char *who = corpus_line(p->file, p->who_line);

        ck_assert_msg(strstr(line, p->phrase), "%s:%zu does not say '%s'",
                      p->file, p->line, p->phrase);
        ck_assert_msg(strstr(who, p->who), "%s:%zu does not say '%s'", p->file,
                      p->who_line, p->who);
        free(line);
        free(who);
    }
    read_documents("vbpl/real-documents.csv", &documents, &counts);
    ck_assert_uint_eq(counts.rejected, 0);
    cancu_vbpl__counts_dispose(&counts);
    read_relationships("vbpl/real-relationships.csv", &relationships, &counts);
    ck_assert_uint_eq(counts.rejected, 0);
    ck_assert_uint_eq(counts.by_kind[CANCU_VBPL_KIND_UNKNOWN], 0);
    for (size_t i = 0; i < relationships.count; i++) {
        const relationship_row_t *r = &relationships.relationships[i];
        const char *acting = number_of(&documents, r->acting_id);
        const char *target = number_of(&documents, r->target_id);
        bool found = false;

        for (size_t k = 0; k < sizeof real_pairs / sizeof *real_pairs; k++) {
            const real_pair_t *p = &real_pairs[k];

            if ((strcmp(p->acting, acting) == 0 &&
                 strcmp(p->target, target) == 0) ||
                (strcmp(p->acting, target) == 0 &&
                 strcmp(p->target, acting) == 0)) {
                ck_assert_msg(strcmp(p->acting, acting) == 0,
                              "line %zu ('%s'): %s acts on %s, but %s:%zu "
                              "says %s acts on %s",
                              r->line, r->label, acting, target, p->file,
                              p->line, p->acting, p->target);
                ck_assert_int_eq(r->kind, p->kind);
                ck_assert_int_eq(r->partial, p->partial);
                seen[k]++;
                found = true;
            }
        }
        ck_assert_msg(found, "line %zu: %s and %s are no real pair", r->line,
                      acting, target);
    }
    for (size_t k = 0; k < sizeof real_pairs / sizeof *real_pairs; k++)
        ck_assert_msg(seen[k] == real_pairs[k].rows, "%s -> %s: %zu rows",
                      real_pairs[k].acting, real_pairs[k].target, seen[k]);
    rows_dispose(&documents);
    rows_dispose(&relationships);
    cancu_vbpl__counts_dispose(&counts);
}
END_TEST

/* Files made here. */

static char *dir;

static void vbpl_setup(void)
{
    dir = test_tempdir();
}

static void vbpl_teardown(void)
{
    test_rmtree(dir);
    free(dir);
}

static char *temp_path(const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);

    ck_assert_ptr_nonnull(path);
    snprintf(path, n, "%s/%s", dir, name);
    return path;
}

static char *write_temp(const char *name, const char *text, size_t len)
{
    char *path = temp_path(name);
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static cancu_status_t read_text(const char *text, rows_t *rows,
                                cancu_vbpl_counts_t *counts, bool documents)
{
    char *path = write_temp(documents ? "d.csv" : "r.csv", text, strlen(text));
    cancu_status_t status =
        documents
            ? cancu_vbpl__read_documents(counts, path, take_document, rows)
            : cancu_vbpl__read_relationships(counts, path, take_relationship,
                                             rows);

    free(path);
    return status;
}

START_TEST(test_query_vbpl__file_errors)
{
    cancu_vbpl_counts_t counts;
    rows_t rows = {0};
    char *missing = temp_path("missing.csv");

    ck_assert_int_eq(
        cancu_vbpl__read_documents(&counts, missing, take_document, &rows),
        CANCU_STATUS_IO_ERROR);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "missing.csv"));
    cancu_vbpl__counts_dispose(&counts);
    free(missing);
    ck_assert_int_eq(read_text("", &rows, &counts, true),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "no header row"));
    cancu_vbpl__counts_dispose(&counts);
    ck_assert_int_eq(
        read_text("id,so_ky_hieu,title\n1,2,3\n", &rows, &counts, true),
        CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(
        strstr(cancu_error_last(),
               "d.csv:1: no documents column 'tinh_trang_hieu_luc'"));
    cancu_vbpl__counts_dispose(&counts);
    ck_assert_int_eq(read_text("\n\nid,doc_id,so_ky_hieu,tinh_trang\n", &rows,
                               &counts, true),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(),
                                 "d.csv:3: columns 'id' and 'doc_id' both "
                                 "give the id"));
    cancu_vbpl__counts_dispose(&counts);
    ck_assert_int_eq(read_text("{\"doc_id\": 1, \"relationship\": \"x\"}\n",
                               &rows, &counts, false),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(),
                                 "r.csv:1: no relationships key "
                                 "'other_doc_id'"));
    cancu_vbpl__counts_dispose(&counts);
    /* Column names as a person writes them. */
    ck_assert_int_eq(read_text("Số ký hiệu,ID,Tình trạng hiệu lực\n"
                               "1/2020/NĐ-CP,7,Còn hiệu lực\n",
                               &rows, &counts, true),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(rows.count, 1);
    ck_assert_str_eq(rows.documents[0].id, "7");
    ck_assert_int_eq(rows.documents[0].status, CANCU_LEGAL_IN_FORCE);
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
    /* A callback's status stops the read and comes back unchanged. */
    rows.stop_at = 1;
    ck_assert_int_eq(read_text("id,so_ky_hieu,tinh_trang_hieu_luc\n1,a,b\n"
                               "2,c,d\n",
                               &rows, &counts, true),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_uint_eq(rows.count, 1);
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
}
END_TEST

/* A string of 'n' copies of 'c'. */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);

    ck_assert_ptr_nonnull(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

START_TEST(test_query_vbpl__limits_are_row_errors)
{
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    cancu_vbpl_counts_t counts;
    rows_t rows = {0};
    char *field = repeat('x', CANCU_VBPL_MAX_FIELD + 1);
    char *line = repeat('y', CANCU_VBPL_MAX_ROW);

    cancu_strbuf__puts(&text, "doc_id,other_doc_id,relationship\n");
    /* Line 2: a field one byte too long, quoted over two lines. */
    cancu_strbuf__printf(&text, "1,\"%s\n\",Văn bản căn cứ\n", field);
    /* Line 4: fine. */
    cancu_strbuf__puts(&text, "1,2,Văn bản căn cứ\n");
    /* Line 5: a row over 1 MiB of fields under 64 KiB each. */
    cancu_strbuf__puts(&text, "1,2");
    for (size_t i = 0; i < 20; i++)
        cancu_strbuf__printf(&text, ",%.*s", (int)(CANCU_VBPL_MAX_FIELD - 1),
                             line);
    cancu_strbuf__puts(&text, "\n");
    /* Line 6: an unquoted field over the limit, in one line. */
    cancu_strbuf__printf(&text, "1,2,%s\n", field);
    /* Line 7: fine; line 8: a quote never closed, to the end. */
    cancu_strbuf__puts(&text, "3,4,Văn bản dẫn chiếu\n5,\"6,7\n");
    ck_assert(!text.failed);
    ck_assert_int_eq(read_text(text.data, &rows, &counts, false),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(rows.count, 2);
    ck_assert_uint_eq(rows.relationships[0].line, 4);
    ck_assert_uint_eq(rows.relationships[1].line, 7);
    ck_assert_uint_eq(counts.rejected, 4);
    CHECK_MESSAGE(&counts, "r.csv:2: field 2 is over 64 KiB");
    CHECK_MESSAGE(&counts, "r.csv:5: the row is over 1 MiB");
    CHECK_MESSAGE(&counts, "r.csv:6: field 3 is over 64 KiB");
    CHECK_MESSAGE(&counts, "r.csv:8: a quoted field is not closed");
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);

    /* JSON lines: a line over 1 MiB, a value over 64 KiB. */
    cancu_strbuf__clear(&text);
    cancu_strbuf__puts(&text, "{\"doc_id\": 1, \"other_doc_id\": 2, "
                              "\"relationship\": \"Văn bản căn cứ\"}\n");
    cancu_strbuf__printf(&text, "{\"x\": \"%s\"}\n", line);
    cancu_strbuf__printf(&text,
                         "{\"doc_id\": 1, \"other_doc_id\": 2, "
                         "\"relationship\": \"%s\"}\n",
                         field);
    cancu_strbuf__puts(&text, "{\"doc_id\": 1, \"other_doc_id\": 3, "
                              "\"relationship\": \"Văn bản căn cứ\"}");
    ck_assert_int_eq(read_text(text.data, &rows, &counts, false),
                     CANCU_STATUS_SUCCESS);
    ck_assert(counts.json);
    ck_assert_uint_eq(rows.count, 2);
    ck_assert_uint_eq(rows.relationships[1].line, 4);
    CHECK_MESSAGE(&counts, "r.csv:2: the line is over 1 MiB");
    CHECK_MESSAGE(&counts, "r.csv:3: 'relationship' is over 64 KiB");
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
    cancu_strbuf__dispose(&text);
    free(field);
    free(line);
}
END_TEST

START_TEST(test_query_vbpl__bad_bytes_and_many_names)
{
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    cancu_vbpl_counts_t counts;
    rows_t rows = {0};

    cancu_strbuf__puts(&text, "doc_id,other_doc_id,relationship\n");
    cancu_strbuf__puts(&text, "1,2,\"Văn bản \xFF\"\n");
    for (int i = 0; i < CANCU_VBPL_MAX_NAMES + 10; i++)
        cancu_strbuf__printf(&text, "1,2,nhãn %d\n", i);
    cancu_strbuf__puts(&text, "1,2,nhãn 0\n");
    ck_assert_int_eq(read_text(text.data, &rows, &counts, false),
                     CANCU_STATUS_SUCCESS);
    CHECK_MESSAGE(&counts, "r.csv:2: relationship is not UTF-8");
    ck_assert_uint_eq(counts.unknown_labels.count, CANCU_VBPL_MAX_NAMES);
    ck_assert_uint_eq(counts.unknown_labels.others, 10);
    ck_assert_uint_eq(tally_count(&counts.unknown_labels, "nhãn 0"), 2);
    ck_assert_uint_eq(counts.given, CANCU_VBPL_MAX_NAMES + 11);
    rows_dispose(&rows);
    cancu_vbpl__counts_dispose(&counts);
    cancu_strbuf__dispose(&text);

    /* A NUL in a column's name: an unknown column, named up to it
     * (fuzz/regressions/fuzz_vbpl-nul-in-column-name). */
    {
        static const char header[] = "id\0x,doc_id,so_ky_hieu,"
                                     "tinh_trang_hieu_luc\n1,2,3,4\n";
        char *path = write_temp("nul.csv", header, sizeof header - 1);

        ck_assert_int_eq(
            cancu_vbpl__read_documents(&counts, path, take_document, &rows),
            CANCU_STATUS_SUCCESS);
        ck_assert_uint_eq(tally_count(&counts.unknown_columns, "id"), 1);
        ck_assert_uint_eq(rows.count, 1);
        ck_assert_str_eq(rows.documents[0].id, "2");
        rows_dispose(&rows);
        cancu_vbpl__counts_dispose(&counts);
        free(path);
    }
}
END_TEST

TCase *query_vbpl_tcase(void)
{
    TCase *tc = tcase_create("vbpl");

    tcase_add_checked_fixture(tc, vbpl_setup, vbpl_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_query_vbpl__documents_csv);
    tcase_add_test(tc, test_query_vbpl__documents_json_lines);
    tcase_add_test(tc, test_query_vbpl__relationships_both_ways);
    tcase_add_test(tc, test_query_vbpl__relationships_json_lines);
    tcase_add_test(tc, test_query_vbpl__labels_matched_by_folding);
    tcase_add_test(tc, test_query_vbpl__statuses_and_dates);
    tcase_add_test(tc, test_query_vbpl__directions_stated_by_real_texts);
    tcase_add_test(tc, test_query_vbpl__file_errors);
    tcase_add_test(tc, test_query_vbpl__limits_are_row_errors);
    tcase_add_test(tc, test_query_vbpl__bad_bytes_and_many_names);
    return tc;
}
