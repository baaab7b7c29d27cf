/* Suite "index": TCases analyzer and archive. */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "index/analyzer.h"
#include "index/index-private.h"
#include "index/xapian-shim.h"
#include "ingest/ingest-private.h"
#include "util/util.h"

static void assert_word(const char *word, const char *exact, const char *folded)
{
    cancu_strbuf_t e = CANCU_STRBUF_INIT, f = CANCU_STRBUF_INIT;

    ck_assert(cancu_analyzer__word(word, strlen(word), &e, &f));
    ck_assert_msg(strcmp(cancu_strbuf__cstr(&e), exact) == 0,
                  "%s: exact '%s', expected '%s'", word, cancu_strbuf__cstr(&e),
                  exact);
    ck_assert_msg(strcmp(cancu_strbuf__cstr(&f), folded) == 0,
                  "%s: folded '%s', expected '%s'", word,
                  cancu_strbuf__cstr(&f), folded);
    cancu_strbuf__dispose(&e);
    cancu_strbuf__dispose(&f);
}

START_TEST(test_index_analyzer__one_tone_placement)
{
    /* Both placements in use give one term. */
    assert_word("hoá", "hoá", "hoa");
    assert_word("hóa", "hoá", "hoa");
    assert_word("thuỷ", "thuỷ", "thuy");
    assert_word("thủy", "thuỷ", "thuy");
    assert_word("uỷ", "uỷ", "uy");
    assert_word("Ủy", "uỷ", "uy");
    assert_word("khoẻ", "khoẻ", "khoe");
    assert_word("khỏe", "khoẻ", "khoe");
    /* "qu" is a consonant: quý stays quý, and a misplaced mark moves. */
    assert_word("quý", "quý", "quy");
    assert_word("qúy", "quý", "quy");
    assert_word("già", "già", "gia");
    assert_word("giữ", "giữ", "giu");
    /* Shaped vowels and closed syllables keep the mark where it is. */
    assert_word("người", "người", "nguoi");
    assert_word("hoàn", "hoàn", "hoan");
    assert_word("thuyết", "thuyết", "thuyet");
    assert_word("ngoài", "ngoài", "ngoai");
    assert_word("mùa", "mùa", "mua");
}
END_TEST

START_TEST(test_index_analyzer__case_eth_and_folding)
{
    assert_word("NĐ", "nđ", "nd");
    /* U+00D0, the Icelandic eth that looks like Đ. */
    assert_word("N\xC3\x90", "nđ", "nd");
    assert_word("n\xC3\xB0", "nđ", "nd");
    assert_word("ĐỊNH", "định", "dinh");
    assert_word("Giản", "giản", "gian");
    assert_word("CP", "cp", "cp");
    assert_word("2020", "2020", "2020");
    /* Decomposed input gives the same term as composed. */
    assert_word("hoa\xCC\x81", "hoá", "hoa");
    /* Not Vietnamese: marks kept in place, folded without them. */
    assert_word("café", "café", "cafe");
}
END_TEST

typedef struct collected {
    char words[16][32];
    bool joined[16];
    unsigned position[16];
    size_t count;
} collected_t;

static bool collect(const cancu_token_t *token, void *payload)
{
    collected_t *c = payload;

    if (c->count < 16) {
        snprintf(c->words[c->count], 32, "%.*s", (int)token->exact_len,
                 token->exact);
        c->joined[c->count] = token->joined;
        c->position[c->count] = token->position;
        c->count++;
    }
    return true;
}

START_TEST(test_index_analyzer__tokens_positions_and_joins)
{
    const char text[] = "Nghị định 45/2020/NĐ-CP, ngày\t08/4";
    collected_t c = {0};

    ck_assert_int_eq(cancu_analyzer__tokenize(text, strlen(text), collect, &c),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(c.count, 9);
    ck_assert_str_eq(c.words[0], "nghị");
    ck_assert_str_eq(c.words[2], "45");
    ck_assert_str_eq(c.words[4], "nđ");
    ck_assert(!c.joined[2]);
    ck_assert(c.joined[3] && c.joined[4] && c.joined[5]);
    ck_assert(!c.joined[6]); /* ", ngày" has a space */
    ck_assert(c.joined[8]);
    ck_assert_uint_eq(c.position[8], 8);
}
END_TEST

START_TEST(test_index_analyzer__invalid_utf8_separates_words)
{
    const char text[] = "abc\xFF\xFE"
                        "def \xE1\xBA";
    collected_t c = {0};

    ck_assert_int_eq(cancu_analyzer__tokenize(text, strlen(text), collect, &c),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(c.count, 2);
    ck_assert_str_eq(c.words[1], "def");
}
END_TEST

/* Every token as one line: span, position, join, exact and folded. */
static bool describe(const cancu_token_t *token, void *payload)
{
    cancu_strbuf_t *out = payload;

    cancu_strbuf__printf(out, "%zu-%zu@%u%c %.*s %.*s\n", token->start,
                         token->end, token->position, token->joined ? 'j' : ' ',
                         (int)token->exact_len, token->exact,
                         (int)token->folded_len, token->folded);
    return true;
}

/* The cache may only make analysis faster: the sample plan, then more
 * distinct words than the cache has slots (evicting), then the sample
 * again, give the same tokens with and without it. */
START_TEST(test_index_analyzer__word_cache_changes_nothing)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    cancu_strbuf_t text = CANCU_STRBUF_INIT, plain = CANCU_STRBUF_INIT,
                   cached = CANCU_STRBUF_INIT;
    cancu_word_cache_t *cache = cancu_analyzer__cache_new();
    size_t len;
    char *sample = test_read_file(path, &len);

    ck_assert_ptr_nonnull(sample);
    ck_assert_ptr_nonnull(cache);
    cancu_strbuf__append(&text, sample, len);
    for (int i = 0; i < 5000; i++)
        cancu_strbuf__printf(&text, " Đợt%dhoá xã%d", i, i % 7);
    /* A word too long for a slot, and the sample once more. */
    cancu_strbuf__puts(&text, " Nghiêngnghiêngnghiêngnghiêngnghiêng ");
    cancu_strbuf__append(&text, sample, len);
    ck_assert(!text.failed);
    ck_assert_int_eq(
        cancu_analyzer__tokenize(text.data, text.len, describe, &plain),
        CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_analyzer__tokenize_cached(text.data, text.len, cache,
                                                     describe, &cached),
                     CANCU_STATUS_SUCCESS);
    ck_assert(!plain.failed && !cached.failed);
    ck_assert_uint_gt(plain.len, 100000);
    ck_assert_uint_eq(plain.len, cached.len);
    ck_assert(memcmp(plain.data, cached.data, plain.len) == 0);
    cancu_analyzer__cache_destroy(cache);
    cancu_strbuf__dispose(&text);
    cancu_strbuf__dispose(&plain);
    cancu_strbuf__dispose(&cached);
    free(sample);
    free(path);
}
END_TEST

/* Archive fixture: a fresh folder per test. */
static char *dir;

static void archive_setup(void)
{
    dir = test_tempdir();
}

static void archive_teardown(void)
{
    test_rmtree(dir);
    free(dir);
}

static cancu_document_t *doc_from(const char *name, const char *text)
{
    cancu_document_t *doc = NULL;

    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, name, text, strlen(text), NULL),
        CANCU_STATUS_SUCCESS);
    return doc;
}

static size_t plan_count(cancu_archive_t *archive)
{
    cancu_plan_list_t *list = NULL;
    size_t n;

    ck_assert_int_eq(cancu_archive_plans(&list, archive), CANCU_STATUS_SUCCESS);
    n = cancu_plan_list_count(list);
    cancu_plan_list_destroy(list);
    return n;
}

START_TEST(test_index_archive__add_unchanged_updated_remove)
{
    cancu_archive_t *archive = NULL;
    cancu_document_t *v1 = doc_from("/plans/a.txt", "Kế hoạch\nmột\n");
    cancu_document_t *v2 = doc_from("/plans/a.txt", "Kế hoạch\nhai\n");
    cancu_document_t *other = doc_from("/plans/b.txt", "Kế hoạch\nba\n");
    cancu_add_result_t result;
    char *removed = NULL;

    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(archive, v1, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(result, CANCU_ADD_ADDED);
    ck_assert_int_eq(cancu_archive_add(archive, v1, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(result, CANCU_ADD_UNCHANGED);
    ck_assert_int_eq(cancu_archive_add(archive, other, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(plan_count(archive), 2);

    ck_assert_int_eq(cancu_archive_add(archive, v2, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(result, CANCU_ADD_UPDATED);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(plan_count(archive), 2);
    ck_assert_int_eq(cancu_archive_verify(archive), CANCU_STATUS_SUCCESS);

    /* By prefix, then by path. */
    ck_assert_int_eq(
        cancu_archive_remove(archive, cancu_document_id(other), NULL),
        CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_remove(archive, "/plans/a.txt", &removed),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(removed, cancu_document_id(v2));
    free(removed);
    ck_assert_int_eq(cancu_archive_remove(archive, "/plans/none.txt", NULL),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(plan_count(archive), 0);
    ck_assert_int_eq(cancu_archive_verify(archive), CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    cancu_document_destroy(v1);
    cancu_document_destroy(v2);
    cancu_document_destroy(other);
}
END_TEST

static char *search_lines(cancu_archive_t *archive, const char *query);

typedef struct committed {
    char paths[8][32];
    size_t count;
} committed_t;

static void note_committed(const cancu_prepared_t *prep, void *payload)
{
    committed_t *c = payload;

    ck_assert_uint_lt(c->count, 8);
    snprintf(c->paths[c->count++], sizeof c->paths[0], "%s",
             cancu_prepared_path(prep));
}

/* A plan the archive refuses is left out alone: the batch's plans before
 * and after it are committed, and only committed plans are reported. */
typedef struct ingest_log {
    char failed[4][256];
    size_t nfailed, progress_calls, last_done;
} ingest_log_t;

static void log_failure(const char *path, cancu_status_t status,
                        const char *message, const char *english, void *payload)
{
    ingest_log_t *log = payload;

    ck_assert_int_ne(status, CANCU_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(strstr(message, path));
    /* No catalog is bound here: the two are the same. */
    ck_assert_str_eq(english, message);
    ck_assert_uint_lt(log->nfailed, 4);
    snprintf(log->failed[log->nfailed++], sizeof log->failed[0], "%s", path);
}

static void log_progress(size_t done, size_t total, unsigned long long bytes,
                         void *payload)
{
    ingest_log_t *log = payload;

    (void)bytes;
    ck_assert_uint_eq(total, 4);
    ck_assert_uint_eq(done, log->last_done + 1);
    log->last_done = done;
    log->progress_calls++;
}

/* The library's ingest: files read on threads and added in order, a bad
 * file reported and the others loaded, the same archive whatever the
 * number of threads; not into an archive open for reading. */
START_TEST(test_index_archive__ingest_loads_files_and_reports_bad_ones)
{
    char *files = test_tempdir();
    char *paths[4];
    const char *names[4] = {"a.txt", "b.txt", "bad.txt", "c.txt"};
    const char *texts[4] = {"Kế hoạch\nmột\n", "Kế hoạch\nhai\n", "",
                            "Kế hoạch\nba\n"};

    for (size_t i = 0; i < 4; i++)
        paths[i] = test_write_file(files, names[i], texts[i]);
    for (unsigned int threads = 1; threads <= 3; threads += 2) {
        cancu_archive_t *archive = NULL;
        cancu_ingest_options_t o = CANCU_INGEST_OPTIONS_INIT;
        ingest_log_t log = {{{0}}, 0, 0, 0};
        size_t failed = 99;

        o.threads = threads;
        o.on_failure = log_failure;
        o.on_progress = log_progress;
        o.payload = &log;
        test_rmtree(dir);
        ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                         CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(cancu_archive_ingest(&failed, archive,
                                              (const char *const *)paths, 4,
                                              &o),
                         CANCU_STATUS_SUCCESS);
        ck_assert_uint_eq(failed, 1);
        ck_assert_uint_eq(log.nfailed, 1);
        ck_assert_str_eq(log.failed[0], paths[2]);
        ck_assert_uint_eq(log.progress_calls, 4);
        cancu_archive_close(archive);
        ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                         CANCU_STATUS_SUCCESS);
        ck_assert_uint_eq(plan_count(archive), 3);
        ck_assert_int_eq(cancu_archive_ingest(&failed, archive,
                                              (const char *const *)paths, 4,
                                              NULL),
                         CANCU_STATUS_INVALID_ARGUMENT);
        cancu_archive_close(archive);
    }
    for (size_t i = 0; i < 4; i++)
        free(paths[i]);
    test_rmtree(files);
    free(files);
}
END_TEST

START_TEST(test_index_archive__refused_plan_is_left_out_alone)
{
    cancu_archive_t *archive = NULL;
    committed_t committed = {{{0}}, 0};
    char too_long[300];
    cancu_add_result_t result;

    memset(too_long, 'x', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_on_commit(archive, note_committed, &committed);
    for (int i = 1; i <= 6; i++) {
        char name[32], text[64];
        cancu_document_t *doc;
        cancu_prepared_t *prep = NULL;
        cancu_status_t status;

        snprintf(name, sizeof name, "/plans/%d.txt", i);
        snprintf(text, sizeof text, "Kế hoạch\nnhiệm vụ đợt %d\n", i);
        doc = doc_from(name, text);
        ck_assert_int_eq(cancu_archive_prepare(&prep, doc),
                         CANCU_STATUS_SUCCESS);
        cancu_document_destroy(doc);
        if (i == 4)
            ck_assert(cancu_prepared__add_raw_term(prep, too_long));
        status = cancu_archive_add_prepared(archive, prep, &result);
        if (i == 4) {
            ck_assert_int_eq(status, CANCU_STATUS_BAD_INPUT);
            ck_assert_ptr_nonnull(strstr(cancu_error_last(), "/plans/4.txt"));
            ck_assert_ptr_null(strchr(cancu_error_last(), '\n'));
        } else {
            ck_assert_int_eq(status, CANCU_STATUS_SUCCESS);
            ck_assert_int_eq(result, CANCU_ADD_ADDED);
        }
    }
    /* Nothing is reported before its commit. */
    ck_assert_uint_eq(committed.count, 0);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(committed.count, 5);
    ck_assert_str_eq(committed.paths[2], "/plans/3.txt");
    ck_assert_str_eq(committed.paths[3], "/plans/5.txt");
    ck_assert_uint_eq(plan_count(archive), 5);
    ck_assert_int_eq(cancu_archive_verify(archive), CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
}
END_TEST

/* New content at a path replaces the path's old version, even when that
 * content is already in the archive from another file. */
START_TEST(test_index_archive__update_to_known_content_drops_old_version)
{
    cancu_archive_t *archive = NULL;
    cancu_document_t *a = doc_from("/plans/a.txt", "Kế hoạch\nbiên chế\n");
    cancu_document_t *b = doc_from("/plans/b.txt", "Kế hoạch\nngân sách\n");
    cancu_document_t *a_as_b =
        doc_from("/plans/a.txt", "Kế hoạch\nngân sách\n");
    cancu_add_result_t result;
    char *lines;

    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(archive, a, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(archive, b, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(archive, a_as_b, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(result, CANCU_ADD_UPDATED);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    lines = search_lines(archive, "biên chế");
    ck_assert_str_eq(lines, "");
    free(lines);
    ck_assert_uint_eq(plan_count(archive), 1);
    /* Again: nothing changes. */
    ck_assert_int_eq(cancu_archive_add(archive, a_as_b, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(result, CANCU_ADD_UNCHANGED);
    ck_assert_int_eq(cancu_archive_verify(archive), CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    cancu_document_destroy(a);
    cancu_document_destroy(b);
    cancu_document_destroy(a_as_b);
}
END_TEST

/* Terms stay within Xapian's limit; long values stay apart and keep
 * their start. */
START_TEST(test_index_terms__long_values_bounded_distinct_and_cut_whole)
{
    cancu_strbuf_t t1 = CANCU_STRBUF_INIT, t2 = CANCU_STRBUF_INIT;
    cancu_strbuf_t shortt = CANCU_STRBUF_INIT;
    char v1[400], v2[400];

    /* Two-byte letters, so a cut can fall inside one. */
    for (size_t i = 0; i + 2 < sizeof v1; i += 2)
        memcpy(v1 + i, "\xc3\xa1", 2);
    v1[sizeof v1 - 2] = '\0';
    memcpy(v2, v1, sizeof v1);
    v2[sizeof v1 - 4] = 'z';
    cancu_index__term(&t1, "XU", v1);
    cancu_index__term(&t2, "XU", v2);
    cancu_index__term(&shortt, "XU", "van phong");
    ck_assert_uint_le(t1.len, CANCU_TERM_MAX_BYTES);
    ck_assert_uint_le(t2.len, CANCU_TERM_MAX_BYTES);
    ck_assert_str_ne(t1.data, t2.data);
    ck_assert_str_eq(shortt.data, "XUvan phong");
    ck_assert_int_eq(strncmp(t1.data, "XU\xc3\xa1\xc3\xa1", 6), 0);
    ck_assert_uint_eq(cancu_utf8__invalid_offset(t1.data, t1.len), t1.len);
    cancu_strbuf__dispose(&t1);
    cancu_strbuf__dispose(&t2);
    cancu_strbuf__dispose(&shortt);
}
END_TEST

typedef struct prepare_job {
    const cancu_document_t *doc;
    cancu_prepared_t *prep;
    cancu_status_t status;
} prepare_job_t;

static void *prepare_on_thread(void *payload)
{
    prepare_job_t *job = payload;

    job->status = cancu_archive_prepare(&job->prep, job->doc);
    return NULL;
}

/* Which passages a search finds, as "path:line" lines, in order. */
static char *search_lines(cancu_archive_t *archive, const char *query)
{
    cancu_results_t *r = NULL;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    char *lines;

    o.limit = 100;
    ck_assert_int_eq(cancu_search(&r, archive, query, &o),
                     CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < cancu_results_count(r); i++) {
        const cancu_hit_t *hit = cancu_results_get(r, i);

        cancu_strbuf__printf(&out, "%s:%zu %s\n", cancu_hit_plan_path(hit),
                             cancu_hit_line(hit), cancu_hit_kind(hit));
    }
    cancu_results_destroy(r);
    lines = strdup(cancu_strbuf__cstr(&out));
    ck_assert(!out.failed && lines);
    cancu_strbuf__dispose(&out);
    return lines;
}

START_TEST(test_index_archive__prepared_on_threads_equals_add)
{
    static const char *const texts[] = {
        "Kế hoạch\nCăn cứ Nghị định số 45/2020/NĐ-CP\ncải cách hành chính\n",
        "Kế hoạch\nthủ tục hành chính (TTHC)\nnăm 2023\n",
        "Kế hoạch\ncải cách thủ tục\nNghị định 45/2020/NĐ-CP\n",
    };
    enum { N = sizeof texts / sizeof *texts };
    cancu_document_t *docs[N];
    prepare_job_t jobs[N];
    pthread_t threads[N];
    char *one_step_dir = test_tempdir();
    cancu_archive_t *one = NULL, *two = NULL;
    cancu_add_result_t result;
    char *a, *b;

    for (size_t i = 0; i < N; i++) {
        char name[32];

        snprintf(name, sizeof name, "/plans/%zu.txt", i);
        docs[i] = doc_from(name, texts[i]);
        jobs[i] = (prepare_job_t){docs[i], NULL, CANCU_STATUS_SUCCESS};
    }
    /* All at once, each on its own thread. */
    for (size_t i = 0; i < N; i++)
        ck_assert_int_eq(
            pthread_create(&threads[i], NULL, prepare_on_thread, &jobs[i]), 0);
    for (size_t i = 0; i < N; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);

    ck_assert_int_eq(
        cancu_archive_open(&one, one_step_dir, CANCU_ARCHIVE_WRITE),
        CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&two, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < N; i++) {
        ck_assert_int_eq(jobs[i].status, CANCU_STATUS_SUCCESS);
        ck_assert_str_eq(cancu_prepared_id(jobs[i].prep),
                         cancu_document_id(docs[i]));
        ck_assert_str_eq(cancu_prepared_path(jobs[i].prep),
                         cancu_document_path(docs[i]));
        ck_assert_int_eq(cancu_archive_add(one, docs[i], &result),
                         CANCU_STATUS_SUCCESS);
        /* The prepared plan outlives its document. */
        cancu_document_destroy(docs[i]);
        docs[i] = NULL;
        ck_assert_int_eq(cancu_archive_add_prepared(two, jobs[i].prep, &result),
                         CANCU_STATUS_SUCCESS);
        jobs[i].prep = NULL;
        ck_assert_int_eq(result, CANCU_ADD_ADDED);
    }
    /* Prepared again: unchanged, and nothing written. */
    {
        cancu_document_t *again = doc_from("/plans/0.txt", texts[0]);
        cancu_prepared_t *prep = NULL;

        ck_assert_int_eq(cancu_archive_prepare(&prep, again),
                         CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(cancu_archive_add_prepared(two, prep, &result),
                         CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(result, CANCU_ADD_UNCHANGED);
        cancu_document_destroy(again);
    }
    ck_assert_int_eq(cancu_archive_commit(one), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(two), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_verify(two), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(plan_count(two), N);

    a = search_lines(one, "cải cách");
    b = search_lines(two, "cải cách");
    ck_assert_str_eq(a, b);
    ck_assert_ptr_nonnull(strstr(b, "/plans/2.txt"));
    free(a);
    free(b);
    a = search_lines(one, "tthc");
    b = search_lines(two, "tthc");
    ck_assert_str_eq(a, b);
    ck_assert_ptr_nonnull(strstr(b, "/plans/1.txt"));
    free(a);
    free(b);

    cancu_archive_close(one);
    cancu_archive_close(two);
    for (size_t i = 0; i < N; i++) {
        cancu_prepared_destroy(jobs[i].prep);
        cancu_document_destroy(docs[i]);
    }
    test_rmtree(one_step_dir);
    free(one_step_dir);
}
END_TEST

START_TEST(test_index_archive__prepared_plan_needs_a_writer)
{
    cancu_archive_t *archive = NULL;
    cancu_document_t *doc = doc_from("/plans/a.txt", "Kế hoạch\nmột\n");
    cancu_prepared_t *prep = NULL;
    cancu_add_result_t result;

    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_prepare(&prep, doc), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add_prepared(archive, prep, &result),
                     CANCU_STATUS_INVALID_ARGUMENT);
    cancu_prepared_destroy(NULL);
    cancu_archive_close(archive);
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_index_archive__uncommitted_work_is_discarded)
{
    cancu_archive_t *archive = NULL;
    cancu_document_t *doc = doc_from("/plans/a.txt", "Kế hoạch\nmột\n");
    cancu_add_result_t result;

    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(archive, doc, &result),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(plan_count(archive), 0);
    cancu_archive_close(archive);
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_index_archive__second_writer_is_refused)
{
    cancu_archive_t *first = NULL, *second = NULL, *reader = NULL;

    ck_assert_int_eq(cancu_archive_open(&first, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&second, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_ARCHIVE_LOCKED);
    ck_assert_ptr_null(second);
    ck_assert_str_eq(cancu_error_last(),
                     "archive is locked by another cancu process");
    ck_assert_int_eq(cancu_archive_open(&reader, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(reader);
    cancu_archive_close(first);
}
END_TEST

START_TEST(test_index_archive__missing_and_read_only)
{
    cancu_archive_t *archive = NULL;
    cancu_document_t *doc = doc_from("/plans/a.txt", "Kế hoạch\nmột\n");
    cancu_add_result_t result;
    char *missing = test_corpus_path("no-such-archive");

    ck_assert_int_eq(cancu_archive_open(&archive, missing, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "no archive at"));
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(archive, doc, &result),
                     CANCU_STATUS_INVALID_ARGUMENT);
    cancu_archive_close(archive);
    cancu_archive_close(NULL);
    cancu_document_destroy(doc);
    free(missing);
}
END_TEST

START_TEST(test_index_archive__dead_creation_is_cleaned_up)
{
    cancu_archive_t *archive = NULL;
    char stale[512], probe[600];
    FILE *f;

    /* What a creation killed before its rename leaves behind. */
    snprintf(stale, sizeof stale, "%s/xapian.new-%d", dir, 999999999);
    ck_assert_int_eq(mkdir(stale, 0777), 0);
    snprintf(probe, sizeof probe, "%s/postlist.glass", stale);
    f = fopen(probe, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    ck_assert_int_ne(access(stale, F_OK), 0);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
}
END_TEST

START_TEST(test_index_archive__other_schema_is_refused_with_advice)
{
    cancu_archive_t *archive = NULL;
    cancu_xapian_db_t *db = NULL;
    char path[600];

    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    /* What an older cancu left: its schema version in the metadata. */
    snprintf(path, sizeof path, "%s/xapian", dir);
    ck_assert_int_eq(cancu_xapian_open(&db, path, CANCU_XAPIAN_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_xapian_set_metadata(db, "cancu.schema", "1"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_xapian_commit(db), CANCU_STATUS_SUCCESS);
    cancu_xapian_close(db);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_ARCHIVE_ERROR);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "archive schema '1'"));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "ingest the plans again"));
}
END_TEST

/* Readers and a writer's commits. */

/* The sample plan cut short, quick to add, as path 'name', with 'extra'
 * appended: its head up to the tasks part, and its appendix's first two
 * tasks. */
/* The sample's text cut to its first tasks, with 'extra' at its end
 * (malloc'd). */
static char *sample_text(const char *extra)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    size_t len;
    char *text = test_read_file(path, &len);
    const char *tasks_part = strstr(text, "\nII. NHIỆM VỤ");
    const char *appendix = strstr(text, "\nPhụ lục\n");
    const char *third = appendix ? strstr(appendix, "\nII\t") : NULL;
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    char *cut;

    ck_assert(tasks_part && appendix && third);
    cancu_strbuf__append(&buf, text, (size_t)(tasks_part - text) + 1);
    cancu_strbuf__append(&buf, appendix, (size_t)(third - appendix) + 1);
    cancu_strbuf__puts(&buf, extra);
    ck_assert(!buf.failed);
    cut = cancu_strbuf__detach(&buf);
    ck_assert_ptr_nonnull(cut);
    free(text);
    free(path);
    return cut;
}

static cancu_document_t *sample_as(const char *name, const char *extra)
{
    char *text = sample_text(extra);
    cancu_document_t *doc = doc_from(name, text);

    free(text);
    return doc;
}

/* Add 'doc' to the archive and commit. */
static void add_and_commit(cancu_archive_t *writer, cancu_document_t *doc)
{
    cancu_add_result_t result;

    ck_assert_int_eq(cancu_archive_add(writer, doc, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(writer), CANCU_STATUS_SUCCESS);
    cancu_document_destroy(doc);
}

static bool add_length(const char *data, size_t len, void *payload)
{
    (void)data;
    *(size_t *)payload += len;
    return true;
}

/* The document data of an archive's first writer is stored compressed,
 * as every later writer's is (Xapian creates the table lazily, and one
 * created by a writer that opened an existing database was not). */
START_TEST(test_index_archive__first_writer_stores_data_compressed)
{
    static const char *const kinds[] = {"plan", "task", "registry"};
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    cancu_archive_t *archive = NULL;
    cancu_document_t *doc = NULL;
    cancu_xapian_db_t *db = NULL;
    cancu_read_options_t options = CANCU_READ_OPTIONS_INIT;
    char db_path[600], table[700];
    size_t stored = 0;
    struct stat st;

    ck_assert_int_eq(cancu_document_open(&doc, path, &options),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    add_and_commit(archive, doc);
    cancu_archive_close(archive);
    snprintf(db_path, sizeof db_path, "%s/xapian", dir);
    ck_assert_int_eq(cancu_xapian_open(&db, db_path, CANCU_XAPIAN_READ),
                     CANCU_STATUS_SUCCESS);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        char term[32];

        snprintf(term, sizeof term, "%s%s", CANCU_PREFIX_TYPE, kinds[k]);
        ck_assert_int_eq(
            cancu_xapian_foreach_data(db, term, add_length, &stored),
            CANCU_STATUS_SUCCESS);
    }
    cancu_xapian_close(db);
    snprintf(table, sizeof table, "%s/docdata.glass", db_path);
    ck_assert_int_eq(stat(table, &st), 0);
    /* Stored as it is, the data takes more than its length in blocks;
     * compressed, about half (the plan's JSON compresses 4 to 1, a small
     * table has blocks of its own). */
    ck_assert_msg((size_t)st.st_size * 3 < stored * 2,
                  "docdata.glass is %lld bytes for %zu bytes of data",
                  (long long)st.st_size, stored);
    free(path);
}
END_TEST

/* The tasks due in a period: the same found through the months their
 * deadlines end in as by reading every task, which an archive without
 * those terms does. */
/* The fixture's archive with 'doc' (taken) added, open for reading. */
static cancu_archive_t *reader_of(cancu_document_t *doc)
{
    cancu_archive_t *archive = NULL;

    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    add_and_commit(archive, doc);
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    return archive;
}

/* A plan's task records are the data of the first task of each group of
 * CANCU_TASK_GROUP, read back through the others: the archive lists
 * every task of the sample as the document does, with its text, each
 * group in one place, and data that says no task, a task its plan has
 * not, or a group that does not start where groups do, is refused as
 * damaged. */
typedef struct task_read {
    const char *data;
    cancu_status_t status;
    size_t len;
} task_read_t;

static cancu_status_t read_task_record(cancu_archive_t *archive, void *payload)
{
    task_read_t *t = payload;
    const char *line;

    t->status = cancu_archive__task_record(archive, t->data, strlen(t->data),
                                           &line, &t->len);
    return CANCU_STATUS_SUCCESS;
}

START_TEST(test_index_archive__task_records_in_one_document)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    const char *damaged[] = {"",           "T\t",       "T\tx\tabc",
                             "{\"no\":1}", "T\t0\t",    "T\t999\tabc",
                             "T\t1\tnone", "T\t0\tp\n", "T\t3\tp\n{}"};
    cancu_task_list_t *from_doc = NULL, *from_archive = NULL;
    cancu_archive_t *archive;
    cancu_document_t *doc = NULL;
    size_t records = 0, groups;
    cancu_strbuf_t term = CANCU_STRBUF_INIT;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_document_tasks(&from_doc, doc, NULL),
                     CANCU_STATUS_SUCCESS);
    groups = (cancu_task_list_count(from_doc) + CANCU_TASK_GROUP - 1) /
             CANCU_TASK_GROUP;
    archive = reader_of(doc);
    for (size_t g = 0; g <= groups; g++) {
        cancu_strbuf__clear(&term);
        cancu_archive__task_records_term(
            &term, cancu_task_plan(cancu_task_list_get(from_doc, 0)),
            strlen(cancu_task_plan(cancu_task_list_get(from_doc, 0))), g);
        ck_assert_int_eq(
            cancu_xapian_term_freq(archive->db, term.data, &records),
            CANCU_STATUS_SUCCESS);
        ck_assert_uint_eq(records, g < groups);
    }
    cancu_strbuf__dispose(&term);
    ck_assert_int_eq(cancu_archive_tasks(&from_archive, archive, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_task_list_count(from_archive),
                      cancu_task_list_count(from_doc));
    ck_assert_uint_gt(cancu_task_list_count(from_doc), 20);
    for (size_t i = 0; i < cancu_task_list_count(from_doc); i++) {
        const cancu_task_t *a = cancu_task_list_get(from_doc, i);
        const cancu_task_t *b = cancu_task_list_get(from_archive, i);

        ck_assert_str_eq(cancu_task_no(a), cancu_task_no(b));
        ck_assert_uint_eq(cancu_task_line(a), cancu_task_line(b));
        ck_assert_str_eq(cancu_task_text(a), cancu_task_text(b));
        ck_assert(cancu_task_is_archived(b));
        ck_assert_str_ne(cancu_task_search_text(b), "");
    }
    for (size_t i = 0; i < sizeof damaged / sizeof *damaged; i++) {
        task_read_t t = {damaged[i], CANCU_STATUS_SUCCESS, 0};

        ck_assert_int_eq(cancu_archive__read(archive, read_task_record, &t),
                         CANCU_STATUS_SUCCESS);
        ck_assert_msg(t.status == CANCU_STATUS_ARCHIVE_ERROR,
                      "'%s' read as a task (%d)", damaged[i], t.status);
    }
    cancu_task_list_destroy(from_archive);
    cancu_task_list_destroy(from_doc);
    cancu_archive_close(archive);
    free(path);
}
END_TEST

/* jansson's allocations fail from the 'jansson_left'th on (SIZE_MAX:
 * never), to walk the out-of-memory paths of reading task records. */
static size_t jansson_left = SIZE_MAX;

static void *failing_malloc(size_t size)
{
    if (jansson_left == 0)
        return NULL;
    if (jansson_left != SIZE_MAX)
        jansson_left--;
    return malloc(size);
}

/* A listing that runs out of memory at any of jansson's allocations
 * says so, or lists everything, and frees each record once (a record
 * json_array_append_new could not take was freed twice; the sanitizers
 * tell). */
START_TEST(test_index_archive__tasks_listing_out_of_memory)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    cancu_archive_t *archive;
    cancu_document_t *doc = NULL;
    cancu_task_query_t q = CANCU_TASK_QUERY_INIT;
    size_t whole = 0, failed = 0;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    archive = reader_of(doc);
    q.due_within = "2022";
    for (size_t n = 0; n < 100000; n++) {
        cancu_task_list_t *list = NULL;
        cancu_status_t status;

        jansson_left = n;
        json_set_alloc_funcs(failing_malloc, free);
        status = cancu_archive_tasks(&list, archive, &q);
        json_set_alloc_funcs(malloc, free);
        jansson_left = SIZE_MAX;
        ck_assert_msg(status == CANCU_STATUS_SUCCESS ||
                          status == CANCU_STATUS_OUT_OF_MEMORY,
                      "failing at %zu: %d %s", n, status, cancu_error_last());
        if (status == CANCU_STATUS_SUCCESS) {
            whole = cancu_task_list_total(list);
            cancu_task_list_destroy(list);
            break;
        }
        ck_assert_ptr_null(list);
        failed++;
    }
    ck_assert_uint_gt(failed, 10);
    ck_assert_uint_gt(whole, 0);
    cancu_archive_close(archive);
    free(path);
}
END_TEST

START_TEST(test_index_archive__due_period_from_terms_equals_reading_all)
{
    static const char *const periods[] = {"2022",    "2022-Q1", "2022-06",
                                          "2022-12", "2021-Q4", "2030"};
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    char db_path[600];
    cancu_archive_t *archive = NULL;
    cancu_document_t *doc = NULL;
    cancu_xapian_db_t *db = NULL;
    size_t counts[2][6];
    char *rows[2][6];

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    add_and_commit(archive, doc);
    cancu_archive_close(archive);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            /* As an archive written before the terms. */
            snprintf(db_path, sizeof db_path, "%s/xapian", dir);
            ck_assert_int_eq(
                cancu_xapian_open(&db, db_path, CANCU_XAPIAN_WRITE),
                CANCU_STATUS_SUCCESS);
            ck_assert_int_eq(
                cancu_xapian_set_metadata(db, CANCU_META_DUE_TERMS, ""),
                CANCU_STATUS_SUCCESS);
            ck_assert_int_eq(cancu_xapian_commit(db), CANCU_STATUS_SUCCESS);
            cancu_xapian_close(db);
        }
        ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                         CANCU_STATUS_SUCCESS);
        for (size_t k = 0; k < 6; k++) {
            cancu_task_query_t q = CANCU_TASK_QUERY_INIT;
            cancu_task_list_t *list = NULL;
            cancu_strbuf_t b = CANCU_STRBUF_INIT;

            q.due_within = periods[k];
            ck_assert_int_eq(cancu_archive_tasks(&list, archive, &q),
                             CANCU_STATUS_SUCCESS);
            counts[pass][k] = cancu_task_list_count(list);
            for (size_t i = 0; i < counts[pass][k]; i++) {
                const cancu_task_t *t = cancu_task_list_get(list, i);

                cancu_strbuf__printf(&b, "%s %zu\n", cancu_task_no(t),
                                     cancu_task_row(t));
            }
            rows[pass][k] = cancu_strbuf__detach(&b);
            cancu_task_list_destroy(list);
        }
        cancu_archive_close(archive);
    }
    /* The sample's deadlines fall in 2022: a period finds some. */
    ck_assert_uint_gt(counts[0][0], 0);
    ck_assert_uint_eq(counts[0][5], 0);
    for (size_t k = 0; k < 6; k++) {
        ck_assert_uint_eq(counts[0][k], counts[1][k]);
        ck_assert_str_eq(rows[0][k], rows[1][k]);
        free(rows[0][k]);
        free(rows[1][k]);
    }
    free(path);
}
END_TEST

/* A reader of the fixture's archive whose revision the writer's commits
 * since have discarded: of three plans, one changed, one removed and
 * added again changed after it opened, a commit each. */
static cancu_archive_t *stale_reader(void)
{
    cancu_archive_t *writer = NULL, *reader = NULL;

    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    add_and_commit(writer, sample_as("/plans/a.txt", ""));
    add_and_commit(writer, sample_as("/plans/b.txt", "- Thêm b.\n"));
    add_and_commit(writer, sample_as("/plans/c.txt", "- Thêm c.\n"));
    ck_assert_int_eq(cancu_archive_open(&reader, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    add_and_commit(writer, sample_as("/plans/a.txt", "- Thay đổi a.\n"));
    ck_assert_int_eq(cancu_archive_remove(writer, "/plans/c.txt", NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(writer), CANCU_STATUS_SUCCESS);
    add_and_commit(writer, sample_as("/plans/c.txt", "- Thay đổi c.\n"));
    cancu_archive_close(writer);
    return reader;
}

/* Each public reader, on a stale reader: what it answers must hold
 * 'expect'. */
static char *read_plans(cancu_archive_t *reader)
{
    cancu_plan_list_t *list = NULL;
    char count[64];

    ck_assert_int_eq(cancu_archive_plans(&list, reader), CANCU_STATUS_SUCCESS);
    snprintf(count, sizeof count, "%zu plans", cancu_plan_list_count(list));
    cancu_plan_list_destroy(list);
    return strdup(count);
}

static char *read_verify(cancu_archive_t *reader)
{
    ck_assert_int_eq(cancu_archive_verify(reader), CANCU_STATUS_SUCCESS);
    return strdup("verified");
}

static char *read_references(cancu_archive_t *reader)
{
    cancu_plan_refs_t *refs = NULL;
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    char *answer;

    ck_assert_int_eq(
        cancu_archive_plan_references(&refs, reader, "/plans/b.txt"),
        CANCU_STATUS_SUCCESS);
    cancu_strbuf__printf(&out, "%s %s\n", cancu_plan_refs_id(refs),
                         cancu_plan_refs_path(refs));
    for (size_t i = 0; i < cancu_plan_refs_reference_count(refs); i++) {
        const cancu_reference_t *r = cancu_plan_refs_reference(refs, i);

        cancu_strbuf__printf(&out, "%s %s %s %zu\n", cancu_reference_id(r),
                             cancu_reference_key(r), cancu_reference_text(r),
                             cancu_reference_line(r));
    }
    cancu_plan_refs_destroy(refs);
    ck_assert(!out.failed);
    answer = strdup(cancu_strbuf__cstr(&out));
    cancu_strbuf__dispose(&out);
    return answer;
}

static char *read_tasks(cancu_archive_t *reader, const char *plan,
                        const char *cites)
{
    cancu_task_query_t q = CANCU_TASK_QUERY_INIT;
    cancu_task_list_t *list = NULL;
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    char *answer;

    q.plan = plan;
    q.cites = cites;
    ck_assert_int_eq(cancu_archive_tasks(&list, reader, &q),
                     CANCU_STATUS_SUCCESS);
    /* Each task's plan path and references, as the reads compare. */
    for (size_t i = 0; i < cancu_task_list_count(list); i++) {
        const cancu_task_t *t = cancu_task_list_get(list, i);

        cancu_strbuf__printf(&out, "\"plan_path\": \"%s\"",
                             cancu_task_plan_path(t));
        for (size_t k = 0; k < cancu_task_reference_count(t); k++)
            cancu_strbuf__printf(&out, " %s", cancu_task_reference_id(t, k));
        cancu_strbuf__puts(&out, "\n");
    }
    cancu_task_list_destroy(list);
    answer = strdup(cancu_strbuf__cstr(&out));
    cancu_strbuf__dispose(&out);
    return answer;
}

static char *read_all_tasks(cancu_archive_t *reader)
{
    return read_tasks(reader, NULL, NULL);
}

static char *read_plan_tasks(cancu_archive_t *reader)
{
    return read_tasks(reader, "/plans/c.txt", NULL);
}

static char *read_citing_tasks(cancu_archive_t *reader)
{
    return read_tasks(reader, NULL, "59/2012/NĐ-CP");
}

static char *read_cites(cancu_archive_t *reader)
{
    cancu_cites_t *cites = NULL;
    char answer[64];

    ck_assert_int_eq(cancu_archive_cites(&cites, reader, "59/2012/NĐ-CP", NULL),
                     CANCU_STATUS_SUCCESS);
    snprintf(answer, sizeof answer, "%zu plans cite it",
             cancu_cites_plans_total(cites));
    cancu_cites_destroy(cites);
    return strdup(answer);
}

static char *read_search(cancu_archive_t *reader)
{
    cancu_results_t *results = NULL;
    char count[64];

    ck_assert_int_eq(
        cancu_search(&results, reader, "plan:/plans/c.txt thay đổi", NULL),
        CANCU_STATUS_SUCCESS);
    snprintf(count, sizeof count, "%zu hits", cancu_results_count(results));
    cancu_results_destroy(results);
    return strdup(count);
}

static char *read_registry(cancu_archive_t *reader)
{
    cancu_registry_entry_list_t *entries = NULL;
    char count[64];

    ck_assert_int_eq(cancu_registry_list(&entries, reader),
                     CANCU_STATUS_SUCCESS);
    snprintf(count, sizeof count, "%zu records",
             cancu_registry_entry_list_count(entries));
    cancu_registry_entry_list_destroy(entries);
    return strdup(count);
}

static char *read_registry_entry(cancu_archive_t *reader)
{
    cancu_registry_entry_list_t *entries = NULL;
    char *id;

    ck_assert_int_eq(cancu_registry_lookup(&entries, reader, "59/2012/NĐ-CP"),
                     CANCU_STATUS_SUCCESS);
    id = strdup(
        cancu_registry_entry_id(cancu_registry_entry_list_get(entries, 0)));
    cancu_registry_entry_list_destroy(entries);
    return id;
}

static const struct {
    const char *name;
    char *(*read)(cancu_archive_t *reader);
    const char *expect;
} stale_reads[] = {
    {"plans", read_plans, "3 plans"},
    {"verify", read_verify, "verified"},
    {"plan references", read_references, "59/2012/NĐ-CP"},
    {"tasks", read_all_tasks, "\"plan_path\": \"/plans/a.txt\""},
    {"tasks of a plan", read_plan_tasks, "\"plan_path\": \"/plans/c.txt\""},
    {"tasks citing", read_citing_tasks, "59/2012/NĐ-CP"},
    {"cites", read_cites, "3 plans cite it"},
    {"search", read_search, "1 hits"},
    {"registry", read_registry, " records"},
    {"registry entry", read_registry_entry, "59/2012/NĐ-CP"},
};

START_TEST(test_index_archive__stale_reader_reads_the_latest_revision)
{
    cancu_archive_t *reader = stale_reader();
    char *answer = stale_reads[_i].read(reader);

    ck_assert_msg(answer && strstr(answer, stale_reads[_i].expect),
                  "%s answered '%.200s', expected '%s' in it",
                  stale_reads[_i].name, answer ? answer : "(null)",
                  stale_reads[_i].expect);
    free(answer);
    cancu_archive_close(reader);
}
END_TEST

/* A long-lived reader (the server's) sees a writer's commit once it
 * refreshes, and is told whether anything moved. */
START_TEST(test_index_archive__refresh_brings_a_reader_to_the_latest_commit)
{
    cancu_archive_t *writer = NULL, *reader = NULL;
    bool changed = true;
    char *before, *after;

    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    add_and_commit(writer, sample_as("/plans/a.txt", ""));
    ck_assert_int_eq(cancu_archive_open(&reader, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_refresh(reader, &changed),
                     CANCU_STATUS_SUCCESS);
    ck_assert_msg(!changed, "nothing was committed since it opened");
    before = read_plans(reader);
    add_and_commit(writer, sample_as("/plans/b.txt", "- Thêm b.\n"));
    ck_assert_int_eq(cancu_archive_refresh(reader, &changed),
                     CANCU_STATUS_SUCCESS);
    ck_assert_msg(changed, "a commit was made");
    after = read_plans(reader);
    ck_assert_str_eq(before, "1 plans");
    ck_assert_str_eq(after, "2 plans");
    ck_assert_int_eq(cancu_archive_refresh(reader, &changed),
                     CANCU_STATUS_SUCCESS);
    ck_assert(!changed);
    /* A writer is always at its latest revision. */
    changed = true;
    ck_assert_int_eq(cancu_archive_refresh(writer, &changed),
                     CANCU_STATUS_SUCCESS);
    ck_assert(!changed);
    ck_assert_int_eq(cancu_archive_refresh(reader, NULL), CANCU_STATUS_SUCCESS);
    free(before);
    free(after);
    cancu_archive_close(reader);
    cancu_archive_close(writer);
}
END_TEST

/* Everything the stale_reads readers answer, one after the other. */
static char *all_answers(cancu_archive_t *reader)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    char *answers;

    for (size_t i = 0; i < sizeof stale_reads / sizeof stale_reads[0]; i++) {
        char *answer = stale_reads[i].read(reader);

        ck_assert_ptr_nonnull(answer);
        cancu_strbuf__printf(&out, "%s: %s\n", stale_reads[i].name, answer);
        free(answer);
    }
    answers = strdup(cancu_strbuf__cstr(&out));
    ck_assert(!out.failed && answers);
    cancu_strbuf__dispose(&out);
    return answers;
}

static unsigned long long archive_bytes(void)
{
    char db_path[600];

    snprintf(db_path, sizeof db_path, "%s/xapian", dir);
    return cancu_fs__dir_bytes(db_path);
}

/* Entries of the archive folder other than its database. */
static size_t strays(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
             strcmp(e->d_name, "xapian") != 0;
    closedir(d);
    return n;
}

/* An archive written by many commits fills about half its blocks; its
 * compaction takes less room and answers everything as before: a reader
 * opened before it reads on from the old folder until it refreshes, then
 * from the new one, and the writer goes on writing. */
START_TEST(test_index_archive__compaction_shrinks_and_answers_the_same)
{
    cancu_archive_t *reader = stale_reader(), *writer = NULL;
    unsigned long long before, after;
    char *answers, *again, *note = NULL;
    bool changed = false;

    ck_assert_int_eq(cancu_archive_refresh(reader, NULL), CANCU_STATUS_SUCCESS);
    answers = all_answers(reader);
    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    before = archive_bytes();
    ck_assert_int_eq(cancu_archive_compact(writer), CANCU_STATUS_SUCCESS);
    after = archive_bytes();
    ck_assert_msg(after * 10 < before * 8, "compacted %llu bytes into %llu",
                  before, after);
    ck_assert_uint_eq(strays(), 0);
    ck_assert_int_eq(
        cancu_xapian_get_metadata(writer->db, CANCU_META_COMPACTED, &note),
        CANCU_STATUS_SUCCESS);
    ck_assert_msg(strstr(note, " 3") != NULL, "noted '%s'", note);
    free(note);
    /* The old folder's files, still open. */
    again = all_answers(reader);
    ck_assert_str_eq(again, answers);
    free(again);
    ck_assert_int_eq(cancu_archive_refresh(reader, &changed),
                     CANCU_STATUS_SUCCESS);
    ck_assert_msg(changed, "the reader moved to the compacted folder");
    again = all_answers(reader);
    ck_assert_str_eq(again, answers);
    free(again);
    add_and_commit(writer, sample_as("/plans/d.txt", "- Thêm d.\n"));
    ck_assert_int_eq(cancu_archive_refresh(reader, &changed),
                     CANCU_STATUS_SUCCESS);
    ck_assert(changed);
    again = read_plans(reader);
    ck_assert_str_eq(again, "4 plans");
    free(again);
    ck_assert_int_eq(cancu_archive_verify(reader), CANCU_STATUS_SUCCESS);
    cancu_archive_close(writer);
    cancu_archive_close(reader);
    ck_assert_int_eq(cancu_archive_open(&reader, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    again = read_plans(reader);
    ck_assert_str_eq(again, "4 plans");
    free(again);
    ck_assert_int_eq(cancu_archive_compact(reader),
                     CANCU_STATUS_INVALID_ARGUMENT);
    cancu_archive_close(reader);
    free(answers);
}
END_TEST

/* An ingest that grew the archive leaves it compacted: compacting it
 * again gains little, where the same plans written without compacting
 * took two and a half times the room (2.95 against 1.16 MB when the
 * ingest did not compact). One that wrote nothing leaves the files
 * alone. */
START_TEST(test_index_archive__ingest_leaves_the_archive_compacted)
{
    enum { PLANS = 40 };
    char *files = test_tempdir();
    char *paths[PLANS];
    cancu_archive_t *archive = NULL;
    unsigned long long ingested, compacted;
    size_t failed = 0;

    for (size_t i = 0; i < PLANS; i++) {
        char name[32], extra[64], *text;

        snprintf(name, sizeof name, "p%02zu.txt", i);
        snprintf(extra, sizeof extra, "- Việc riêng số %zu.\n", i);
        text = sample_text(extra);
        paths[i] = test_write_file(files, name, text);
        free(text);
    }
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_ingest(&failed, archive,
                                          (const char *const *)paths, PLANS,
                                          NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(failed, 0);
    ck_assert_uint_eq(plan_count(archive), PLANS);
    ingested = archive_bytes();
    ck_assert_uint_eq(strays(), 0);
    /* Nothing new: the files stay as they are. */
    ck_assert_int_eq(cancu_archive_ingest(&failed, archive,
                                          (const char *const *)paths, PLANS,
                                          NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(archive_bytes(), ingested);
    ck_assert_int_eq(cancu_archive_compact(archive), CANCU_STATUS_SUCCESS);
    compacted = archive_bytes();
    ck_assert_msg(ingested * 10 <= compacted * 11,
                  "the ingest left %llu bytes, compacted %llu", ingested,
                  compacted);
    ck_assert_uint_eq(plan_count(archive), PLANS);
    cancu_archive_close(archive);
    for (size_t i = 0; i < PLANS; i++)
        free(paths[i]);
    test_rmtree(files);
    free(files);
}
END_TEST

/* A plan by its id or a unique prefix of it, never by a path. */
START_TEST(test_index_archive__plan_by_id_or_prefix)
{
    cancu_archive_t *writer = NULL;
    cancu_plan_list_t *all = NULL, *one = NULL;
    char prefix[7];
    const char *id;

    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    add_and_commit(writer, sample_as("/plans/a.txt", ""));
    add_and_commit(writer, sample_as("/plans/b.txt", "- Thêm b.\n"));
    ck_assert_int_eq(cancu_archive_plans(&all, writer), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_plan_list_count(all), 2);
    id = cancu_plan_id(cancu_plan_list_get(all, 1));
    ck_assert_int_eq(cancu_archive_plan(&one, writer, id),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_plan_list_count(one), 1);
    ck_assert_str_eq(cancu_plan_id(cancu_plan_list_get(one, 0)), id);
    ck_assert_str_eq(cancu_plan_path(cancu_plan_list_get(one, 0)),
                     cancu_plan_path(cancu_plan_list_get(all, 1)));
    cancu_plan_list_destroy(one);
    snprintf(prefix, sizeof prefix, "%.6s", id);
    ck_assert_int_eq(cancu_archive_plan(&one, writer, prefix),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_plan_id(cancu_plan_list_get(one, 0)), id);
    cancu_plan_list_destroy(one);
    ck_assert_int_eq(cancu_archive_plan(&one, writer, "000000"),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_ptr_null(one);
    ck_assert_int_eq(cancu_archive_plan(&one, writer, "/plans/a.txt"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_int_eq(cancu_archive_plan(&one, writer, "abc"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(one);
    cancu_plan_list_destroy(all);
    cancu_archive_close(writer);
}
END_TEST

typedef struct counted_read {
    int runs, inner_runs, fail_first;
    bool nested;
} counted_read_t;

static cancu_status_t invalidated_inner(cancu_archive_t *archive, void *payload)
{
    counted_read_t *c = payload;

    (void)archive;
    c->inner_runs++;
    return cancu_error__set(CANCU_STATUS_OPERATION_INVALIDATED,
                            "archive changed while it was read");
}

/* Invalidated on its first 'fail_first' runs; with 'nested', through a
 * read inside it. */
static cancu_status_t counted(cancu_archive_t *archive, void *payload)
{
    counted_read_t *c = payload;

    if (c->runs++ >= c->fail_first)
        return CANCU_STATUS_SUCCESS;
    if (c->nested)
        return cancu_archive__read(archive, invalidated_inner, c);
    return cancu_error__set(CANCU_STATUS_OPERATION_INVALIDATED,
                            "archive changed while it was read");
}

START_TEST(test_index_archive__read_retries_a_bounded_number_of_times)
{
    cancu_archive_t *writer = NULL, *reader = NULL;
    counted_read_t c = {0, 0, 2, false};

    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    cancu_archive_close(writer);
    ck_assert_int_eq(cancu_archive_open(&reader, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);

    /* Invalidated twice, then done: three runs. */
    ck_assert_int_eq(cancu_archive__read(reader, counted, &c),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(c.runs, 3);

    /* Never done: it gives up, and says so. */
    c = (counted_read_t){0, 0, 1000, false};
    ck_assert_int_eq(cancu_archive__read(reader, counted, &c),
                     CANCU_STATUS_OPERATION_INVALIDATED);
    ck_assert_int_eq(c.runs, CANCU_ARCHIVE_RETRIES);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "kept changing"));

    /* A read inside a read runs once; the outer one starts over. */
    c = (counted_read_t){0, 0, 2, true};
    ck_assert_int_eq(cancu_archive__read(reader, counted, &c),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(c.runs, 3);
    ck_assert_int_eq(c.inner_runs, 2);
    ck_assert(!cancu_archive__may_read(reader));
    cancu_archive_close(reader);
}
END_TEST

/* Real plans of corpora/ with relations, problems, short forms and
 * references in task rows, between them. */
static const char *const refs_plans[] = {
    "default/gialai-sgddt-cchc-2022.docx",
    "real/tnt-37-2025-NQ-HDND.txt",
    "real/tnt-89-VBHN-BQP.txt",
    "real/vbai-Du-thao-KH-CCHC-gd-2026-2030-17.3s.docx",
    "real/sct-KH-3957_3.7.2026_Kiem-tra-cap-GCN-19-don-vi.docx",
};

static void same_reference(const cancu_reference_t *a,
                           const cancu_reference_t *b)
{
    ck_assert_str_eq(cancu_reference_id(a), cancu_reference_id(b));
    ck_assert_str_eq(cancu_reference_key(a), cancu_reference_key(b));
    ck_assert_str_eq(cancu_reference_form(a), cancu_reference_form(b));
    ck_assert_str_eq(cancu_reference_type(a), cancu_reference_type(b));
    ck_assert_str_eq(cancu_reference_number(a), cancu_reference_number(b));
    ck_assert_int_eq(cancu_reference_year(a), cancu_reference_year(b));
    ck_assert_str_eq(cancu_reference_code(a), cancu_reference_code(b));
    ck_assert_str_eq(cancu_reference_issuer(a), cancu_reference_issuer(b));
    ck_assert_str_eq(cancu_reference_province(a), cancu_reference_province(b));
    ck_assert_str_eq(cancu_reference_date(a), cancu_reference_date(b));
    ck_assert_str_eq(cancu_reference_title(a), cancu_reference_title(b));
    ck_assert_str_eq(cancu_reference_text(a), cancu_reference_text(b));
    ck_assert_uint_eq(cancu_reference_start(a), cancu_reference_start(b));
    ck_assert_uint_eq(cancu_reference_end(a), cancu_reference_end(b));
    ck_assert_uint_eq(cancu_reference_block(a), cancu_reference_block(b));
    ck_assert_uint_eq(cancu_reference_line(a), cancu_reference_line(b));
    ck_assert_str_eq(cancu_reference_section(a), cancu_reference_section(b));
    ck_assert_int_eq(cancu_reference_in_table(a), cancu_reference_in_table(b));
    ck_assert_uint_eq(cancu_reference_row(a), cancu_reference_row(b));
    ck_assert_uint_eq(cancu_reference_cell(a), cancu_reference_cell(b));
    ck_assert_int_eq(cancu_reference_in_task(a), cancu_reference_in_task(b));
    ck_assert_str_eq(cancu_reference_task(a), cancu_reference_task(b));
    ck_assert_int_eq(cancu_reference_is_ambiguous(a),
                     cancu_reference_is_ambiguous(b));
}

/* The id of reference 'index' of a plan, or "" for the plan itself. */
static const char *doc_end(const cancu_document_t *doc, size_t index)
{
    return index == SIZE_MAX
               ? ""
               : cancu_reference_id(cancu_document_reference(doc, index));
}

static const char *refs_end(const cancu_plan_refs_t *refs, size_t index)
{
    return index == SIZE_MAX
               ? ""
               : cancu_reference_id(cancu_plan_refs_reference(refs, index));
}

/* What the archive keeps of a plan's references, relations and problems
 * reads back, through the typed accessors, as the plan file reads. */
/* A file's view reads as the file: the same references, relations and
 * problems, borrowed. */
START_TEST(test_index_archive__document_view_is_the_document)
{
    char *path = test_corpus_path(refs_plans[0]);
    cancu_document_t *doc = NULL;
    cancu_plan_refs_t *view = NULL;
    size_t n;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_document_plan_refs(&view, doc),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_plan_refs_id(view), cancu_document_id(doc));
    ck_assert_str_eq(cancu_plan_refs_path(view), cancu_document_path(doc));
    ck_assert_str_eq(cancu_plan_refs_number(view), cancu_document_own_id(doc));
    n = cancu_document_reference_count(doc);
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_eq(cancu_plan_refs_reference_count(view), n);
    for (size_t k = 0; k < n; k++)
        ck_assert_ptr_eq(cancu_plan_refs_reference(view, k),
                         cancu_document_reference(doc, k));
    ck_assert_ptr_null(cancu_plan_refs_reference(view, n));
    ck_assert_uint_eq(cancu_plan_refs_relation_count(view),
                      cancu_document_relation_count(doc));
    ck_assert_uint_eq(cancu_plan_refs_problem_count(view),
                      cancu_document_problem_count(doc));
    /* The view goes first and leaves the document whole. */
    cancu_plan_refs_destroy(view);
    ck_assert_uint_eq(cancu_document_reference_count(doc), n);
    cancu_document_destroy(doc);
    free(path);
}
END_TEST

START_TEST(test_index_archive__plan_references_read_back_as_the_file)
{
    const size_t n = sizeof refs_plans / sizeof refs_plans[0];
    char *paths[sizeof refs_plans / sizeof refs_plans[0]];
    cancu_archive_t *archive = NULL;
    size_t failed = 99, relations = 0, problems = 0, resolved = 0, tasks = 0;

    for (size_t i = 0; i < n; i++)
        paths[i] = test_corpus_path(refs_plans[i]);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_ingest(&failed, archive,
                                          (const char *const *)paths, n, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(failed, 0);
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        cancu_document_t *doc = NULL;
        cancu_plan_refs_t *refs = NULL;
        size_t count;

        ck_assert_int_eq(cancu_document_open(&doc, paths[i], NULL),
                         CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(
            cancu_archive_plan_references(&refs, archive, paths[i]),
            CANCU_STATUS_SUCCESS);
        ck_assert_str_eq(cancu_plan_refs_id(refs), cancu_document_id(doc));
        ck_assert_str_eq(cancu_plan_refs_path(refs), cancu_document_path(doc));
        ck_assert_str_eq(cancu_plan_refs_title(refs),
                         cancu_document_title(doc));
        ck_assert_str_eq(cancu_plan_refs_date(refs), cancu_document_date(doc));
        ck_assert_str_eq(cancu_plan_refs_format(refs),
                         cancu_document_format(doc));
        ck_assert_str_eq(cancu_plan_refs_number(refs),
                         cancu_document_own_id(doc));
        count = cancu_document_reference_count(doc);
        ck_assert_uint_gt(count, 0);
        ck_assert_uint_eq(cancu_plan_refs_reference_count(refs), count);
        ck_assert_ptr_null(cancu_plan_refs_reference(refs, count));
        for (size_t k = 0; k < count; k++) {
            const cancu_reference_t *a = cancu_document_reference(doc, k);
            const cancu_reference_t *b = cancu_plan_refs_reference(refs, k);
            size_t from = cancu_reference_resolved_from(a);

            same_reference(a, b);
            /* A short form names the full mention, by its key. */
            if (from != SIZE_MAX) {
                resolved++;
                ck_assert_uint_ne(cancu_reference_resolved_from(b), SIZE_MAX);
                ck_assert_str_eq(
                    cancu_reference_key(cancu_plan_refs_reference(
                        refs, cancu_reference_resolved_from(b))),
                    cancu_reference_key(cancu_document_reference(doc, from)));
            } else {
                ck_assert_uint_eq(cancu_reference_resolved_from(b), SIZE_MAX);
            }
            tasks += cancu_reference_in_task(a);
        }
        ck_assert_uint_eq(cancu_plan_refs_relation_count(refs),
                          cancu_document_relation_count(doc));
        for (size_t k = 0; k < cancu_document_relation_count(doc); k++) {
            const cancu_relation_t *a = cancu_document_relation(doc, k);
            const cancu_relation_t *b = cancu_plan_refs_relation(refs, k);

            ck_assert_str_eq(cancu_relation_kind(a), cancu_relation_kind(b));
            ck_assert_str_eq(cancu_relation_text(a), cancu_relation_text(b));
            ck_assert_str_eq(cancu_relation_date(a), cancu_relation_date(b));
            ck_assert_int_eq(cancu_relation_is_partial(a),
                             cancu_relation_is_partial(b));
            ck_assert_str_eq(doc_end(doc, cancu_relation_source(a)),
                             refs_end(refs, cancu_relation_source(b)));
            ck_assert_str_eq(doc_end(doc, cancu_relation_target(a)),
                             refs_end(refs, cancu_relation_target(b)));
            relations++;
        }
        ck_assert_uint_eq(cancu_plan_refs_problem_count(refs),
                          cancu_document_problem_count(doc));
        for (size_t k = 0; k < cancu_document_problem_count(doc); k++) {
            const cancu_problem_t *a = cancu_document_problem(doc, k);
            const cancu_problem_t *b = cancu_plan_refs_problem(refs, k);

            ck_assert_str_eq(cancu_problem_kind(a), cancu_problem_kind(b));
            ck_assert_str_eq(cancu_problem_detail(a), cancu_problem_detail(b));
            ck_assert_str_eq(cancu_problem_suggestion(a),
                             cancu_problem_suggestion(b));
            ck_assert_uint_lt(cancu_problem_reference(b), count);
            same_reference(
                cancu_document_reference(doc, cancu_problem_reference(a)),
                cancu_plan_refs_reference(refs, cancu_problem_reference(b)));
            problems++;
        }
        cancu_plan_refs_destroy(refs);
        cancu_document_destroy(doc);
    }
    /* The plans hold each kind of thing the record keeps. */
    ck_assert_uint_gt(relations, 0);
    ck_assert_uint_gt(problems, 0);
    ck_assert_uint_gt(resolved, 0);
    ck_assert_uint_gt(tasks, 0);
    {
        cancu_plan_refs_t *refs = (cancu_plan_refs_t *)1;

        ck_assert_int_eq(
            cancu_archive_plan_references(&refs, archive, "/no/such/plan.txt"),
            CANCU_STATUS_NOT_FOUND);
        ck_assert_ptr_null(refs);
        cancu_plan_refs_destroy(NULL);
    }
    cancu_archive_close(archive);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
}
END_TEST

/* The archive's records are written by cancu_index__json_dumps: they must
 * be the bytes json_dumps(JSON_COMPACT) writes, or archives made before
 * and after it would differ. */
static void expect_dumped_as_jansson(json_t *value)
{
    char *want = json_dumps(value, JSON_COMPACT);
    char *got = cancu_index__json_dumps(value);

    ck_assert_ptr_nonnull(want);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(want);
    free(got);
}

START_TEST(test_index_json__dumps_as_jansson)
{
    static const char *const texts[] = {
        "{}",
        "[]",
        "{\"a\":[],\"b\":{},\"c\":[{}],\"d\":null,\"e\":true,"
        "\"f\":false}",
        "{\"z\":1,\"a\":-9223372036854775807,\"m\":0,\"r\":1.5,"
        "\"big\":1e300,\"small\":-0.001,\"int_real\":2.0}",
        "[\"tinh giản biên chế\",\"q\\\"b\\\\s/\\t\\n\\u0001\\u001f\","
        "\"\\u2028 NĐ-CP 📄\",\"nul \\u0000 inside\"]",
        "{\"kh\\u00f3a\":{\"deep\":[[[[1,[2,{\"x\":\"y\"}]]]]]}}",
    };
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.docx");
    cancu_document_t *doc = NULL;
    json_t *tasks;

    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        json_error_t error;
        json_t *value = json_loads(texts[i], JSON_ALLOW_NUL, &error);

        ck_assert_msg(value != NULL, "%s: %s", texts[i], error.text);
        expect_dumped_as_jansson(value);
        json_decref(value);
    }
    /* A plan's tasks, as the archive stores them. */
    ck_assert_int_eq(cancu_document_open(&doc, path, NULL), 0);
    tasks = cancu_tasks__json(doc);
    ck_assert_ptr_nonnull(tasks);
    ck_assert_uint_gt(json_array_size(tasks), 20);
    expect_dumped_as_jansson(tasks);
    json_decref(tasks);
    cancu_document_destroy(doc);
    free(path);
    /* Not an object or an array: NULL, as json_dumps. */
    tasks = json_string("x");
    ck_assert_ptr_null(cancu_index__json_dumps(tasks));
    json_decref(tasks);
}
END_TEST

static Suite *index_suite(void)
{
    Suite *s = suite_create("index");
    TCase *tc = tcase_create("analyzer");

    tcase_add_test(tc, test_index_analyzer__one_tone_placement);
    tcase_add_test(tc, test_index_json__dumps_as_jansson);
    tcase_add_test(tc, test_index_analyzer__case_eth_and_folding);
    tcase_add_test(tc, test_index_analyzer__tokens_positions_and_joins);
    tcase_add_test(tc, test_index_analyzer__invalid_utf8_separates_words);
    tcase_add_test(tc, test_index_analyzer__word_cache_changes_nothing);
    suite_add_tcase(s, tc);
    tc = tcase_create("archive");
    tcase_add_checked_fixture(tc, archive_setup, archive_teardown);
    tcase_add_test(tc, test_index_archive__add_unchanged_updated_remove);
    tcase_add_test(tc, test_index_archive__prepared_on_threads_equals_add);
    tcase_add_test(tc, test_index_archive__prepared_plan_needs_a_writer);
    tcase_add_test(tc, test_index_archive__refused_plan_is_left_out_alone);
    tcase_add_test(tc,
                   test_index_archive__ingest_loads_files_and_reports_bad_ones);
    tcase_add_test(
        tc, test_index_archive__update_to_known_content_drops_old_version);
    tcase_add_test(
        tc, test_index_terms__long_values_bounded_distinct_and_cut_whole);
    tcase_add_test(tc, test_index_archive__uncommitted_work_is_discarded);
    tcase_add_test(tc, test_index_archive__second_writer_is_refused);
    tcase_add_test(tc, test_index_archive__missing_and_read_only);
    tcase_add_test(tc, test_index_archive__dead_creation_is_cleaned_up);
    tcase_add_test(tc, test_index_archive__other_schema_is_refused_with_advice);
    tcase_add_test(tc, test_index_archive__first_writer_stores_data_compressed);
    tcase_add_test(
        tc, test_index_archive__due_period_from_terms_equals_reading_all);
    tcase_add_test(tc, test_index_archive__task_records_in_one_document);
    tcase_add_test(tc, test_index_archive__tasks_listing_out_of_memory);
    tcase_add_loop_test(
        tc, test_index_archive__stale_reader_reads_the_latest_revision, 0,
        (int)(sizeof stale_reads / sizeof stale_reads[0]));
    tcase_add_test(tc,
                   test_index_archive__read_retries_a_bounded_number_of_times);
    tcase_add_test(
        tc, test_index_archive__refresh_brings_a_reader_to_the_latest_commit);
    tcase_add_test(tc, test_index_archive__plan_by_id_or_prefix);
    tcase_add_test(tc,
                   test_index_archive__compaction_shrinks_and_answers_the_same);
    tcase_add_test(tc, test_index_archive__ingest_leaves_the_archive_compacted);
    tcase_add_test(tc,
                   test_index_archive__plan_references_read_back_as_the_file);
    tcase_add_test(tc, test_index_archive__document_view_is_the_document);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(index_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
