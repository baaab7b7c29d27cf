/* Suite "ingest", TCase "gold": the reference extractor measured against
 * hand-made gold annotations (corpora/gold/README.md).
 *
 * Every corpora/gold/<stem>.gold.tsv names its document: the first line
 * "#doc <path>" (relative to corpora/) when present, else
 * corpora/gold/<stem>.txt. Its other lines are LINE<TAB>ID<TAB>TEXT, one
 * reference each in document order; lines starting with '#' are comments.
 *
 * An extracted reference matches a gold one when LINE (the 1-based source
 * line of its paragraph or table row), ID and TEXT are all equal; each gold
 * entry matches at most once.
 *   precision       = matched / extracted
 *   recall          = matched / gold
 *   span exactness  = of the extracted references whose ID and LINE match
 *                     some gold entry, the share that also have its TEXT
 * Per-document and total figures are printed with every false positive and
 * false negative; the test fails when the total precision is below 1.0 or
 * the total recall below 0.99. */
#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"

TCase *ingest_gold_tcase(void);

#define GOLD_DIR "gold"
#define GOLD_SUFFIX ".gold.tsv"
#define DOC_DIRECTIVE "#doc "
#define MIN_PRECISION 1.0
#define MIN_RECALL 0.99

typedef struct gold_entry {
    size_t line;
    char *id;
    char *text;
    bool used;
} gold_entry_t;

typedef struct gold_file {
    char *doc_path; /* absolute or corpus-rooted path of the document */
    gold_entry_t *entries;
    size_t count;
} gold_file_t;

typedef struct tally {
    size_t extracted, gold, matched;
    size_t span_candidates, span_exact;
} tally_t;

static char *dup_range(const char *s, size_t n)
{
    char *out = malloc(n + 1);

    ck_assert_ptr_nonnull(out);
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

static double ratio(size_t num, size_t den)
{
    return den ? (double)num / (double)den : 1.0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Parse one .gold.tsv (its bytes in 'data'); 'name' is the file name
 * inside corpora/gold, used for the default document and in messages. */
static void parse_gold(gold_file_t *gf, const char *name, char *data)
{
    size_t cap = 64, lineno = 0;
    char *p = data;

    memset(gf, 0, sizeof *gf);
    gf->entries = malloc(cap * sizeof *gf->entries);
    ck_assert_ptr_nonnull(gf->entries);

    while (*p) {
        char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char *tab1, *tab2, *end;
        unsigned long line;

        lineno++;
        if (len && p[len - 1] == '\r')
            len--;
        p[len] = '\0';

        if (lineno == 1 &&
            strncmp(p, DOC_DIRECTIVE, strlen(DOC_DIRECTIVE)) == 0) {
            const char *rel = p + strlen(DOC_DIRECTIVE);

            while (*rel == ' ')
                rel++;
            gf->doc_path = test_corpus_path(rel);
        } else if (len && p[0] != '#') {
            tab1 = strchr(p, '\t');
            tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
            ck_assert_msg(tab1 && tab2 && !strchr(tab2 + 1, '\t'),
                          "%s:%zu: want LINE<TAB>ID<TAB>TEXT", name, lineno);
            line = strtoul(p, &end, 10);
            ck_assert_msg(end == tab1 && line > 0,
                          "%s:%zu: LINE is not a positive number", name,
                          lineno);
            ck_assert_msg(tab2 > tab1 + 1 && tab2[1] != '\0',
                          "%s:%zu: empty ID or TEXT", name, lineno);
            if (gf->count == cap) {
                cap *= 2;
                gf->entries = realloc(gf->entries, cap * sizeof *gf->entries);
                ck_assert_ptr_nonnull(gf->entries);
            }
            gf->entries[gf->count].line = (size_t)line;
            gf->entries[gf->count].id =
                dup_range(tab1 + 1, (size_t)(tab2 - tab1 - 1));
            gf->entries[gf->count].text = dup_range(tab2 + 1, strlen(tab2 + 1));
            gf->entries[gf->count].used = false;
            gf->count++;
        }
        if (!eol)
            break;
        p = eol + 1;
    }

    if (!gf->doc_path) {
        size_t stem = strlen(name) - strlen(GOLD_SUFFIX);
        char rel[1024];

        ck_assert_uint_lt(stem + sizeof GOLD_DIR + 8, sizeof rel);
        snprintf(rel, sizeof rel, "%s/%.*s.txt", GOLD_DIR, (int)stem, name);
        gf->doc_path = test_corpus_path(rel);
    }
}

static void free_gold(gold_file_t *gf)
{
    for (size_t i = 0; i < gf->count; i++) {
        free(gf->entries[i].id);
        free(gf->entries[i].text);
    }
    free(gf->entries);
    free(gf->doc_path);
}

/* Measure one document against its gold; add to 'total'. */
static void measure(const char *name, gold_file_t *gf, tally_t *total)
{
    cancu_document_t *doc = NULL;
    cancu_status_t status;
    tally_t t = {0, 0, 0, 0, 0};
    size_t n;

    status = cancu_document_open(&doc, gf->doc_path, NULL);
    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "%s: cannot open %s", name,
                  gf->doc_path);

    n = cancu_document_reference_count(doc);
    t.extracted = n;
    t.gold = gf->count;
    printf("gold: %s (%s)\n", name, gf->doc_path);

    for (size_t i = 0; i < n; i++) {
        const cancu_reference_t *ref = cancu_document_reference(doc, i);
        const char *id = cancu_reference_id(ref);
        const char *text = cancu_reference_text(ref);
        size_t line = cancu_reference_line(ref);
        gold_entry_t *hit = NULL;
        const gold_entry_t *same_id = NULL;
        bool exact_anywhere = false;

        for (size_t g = 0; g < gf->count; g++) {
            gold_entry_t *e = &gf->entries[g];

            if (e->line != line || strcmp(e->id, id) != 0)
                continue;
            if (!same_id)
                same_id = e;
            if (strcmp(e->text, text) == 0) {
                exact_anywhere = true;
                if (!e->used && !hit)
                    hit = e;
            }
        }
        if (same_id) {
            t.span_candidates++;
            t.span_exact += exact_anywhere;
        }
        if (hit) {
            hit->used = true;
            t.matched++;
        } else if (same_id && !exact_anywhere) {
            printf("  FP line %zu: %s \"%s\" (span differs: gold \"%s\")\n",
                   line, id, text, same_id->text);
        } else if (same_id) {
            printf("  FP line %zu: %s \"%s\" (extracted more often than in "
                   "the gold)\n",
                   line, id, text);
        } else {
            printf("  FP line %zu: %s \"%s\"\n", line, id, text);
        }
    }
    for (size_t g = 0; g < gf->count; g++) {
        const gold_entry_t *e = &gf->entries[g];

        if (!e->used)
            printf("  FN line %zu: %s \"%s\"\n", e->line, e->id, e->text);
    }
    printf("  extracted %zu, gold %zu, matched %zu: precision %.4f, recall "
           "%.4f, span exactness %.4f (%zu/%zu)\n",
           t.extracted, t.gold, t.matched, ratio(t.matched, t.extracted),
           ratio(t.matched, t.gold), ratio(t.span_exact, t.span_candidates),
           t.span_exact, t.span_candidates);

    total->extracted += t.extracted;
    total->gold += t.gold;
    total->matched += t.matched;
    total->span_candidates += t.span_candidates;
    total->span_exact += t.span_exact;
    cancu_document_destroy(doc);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.gold.tsv names in corpora/gold, sorted. */
static char **list_gold_files(size_t *count_out)
{
    char *dir_path = test_corpus_path(GOLD_DIR);
    DIR *dir = opendir(dir_path);
    struct dirent *ent;
    char **names = NULL;
    size_t count = 0, cap = 0;

    ck_assert_msg(dir != NULL, "cannot open %s", dir_path);
    while ((ent = readdir(dir)) != NULL) {
        if (ent->d_name[0] == '.' || !ends_with(ent->d_name, GOLD_SUFFIX) ||
            strlen(ent->d_name) == strlen(GOLD_SUFFIX))
            continue;
        if (count == cap) {
            cap = cap ? 2 * cap : 16;
            names = realloc(names, cap * sizeof *names);
            ck_assert_ptr_nonnull(names);
        }
        names[count++] = dup_range(ent->d_name, strlen(ent->d_name));
    }
    closedir(dir);
    free(dir_path);
    if (count)
        qsort(names, count, sizeof *names, compare_names);
    *count_out = count;
    return names;
}

START_TEST(test_ingest_gold__precision_recall_span)
{
    size_t nfiles = 0;
    char **names = list_gold_files(&nfiles);
    tally_t total = {0, 0, 0, 0, 0};
    double precision, recall;

    ck_assert_msg(nfiles > 0, "no *%s in corpora/%s", GOLD_SUFFIX, GOLD_DIR);
    for (size_t i = 0; i < nfiles; i++) {
        char rel[1024], *path, *data;
        gold_file_t gf;

        snprintf(rel, sizeof rel, "%s/%s", GOLD_DIR, names[i]);
        path = test_corpus_path(rel);
        data = test_read_file(path, NULL);
        parse_gold(&gf, names[i], data);
        measure(names[i], &gf, &total);
        free_gold(&gf);
        free(data);
        free(path);
        free(names[i]);
    }
    free(names);

    precision = ratio(total.matched, total.extracted);
    recall = ratio(total.matched, total.gold);
    printf("gold: total over %zu documents: extracted %zu, gold %zu, matched "
           "%zu: precision %.4f, recall %.4f, span exactness %.4f (%zu/%zu)\n",
           nfiles, total.extracted, total.gold, total.matched, precision,
           recall, ratio(total.span_exact, total.span_candidates),
           total.span_exact, total.span_candidates);
    fflush(stdout);

    ck_assert_msg(precision >= MIN_PRECISION,
                  "precision %.4f below %.2f (%zu false positives; see the "
                  "FP lines above)",
                  precision, MIN_PRECISION, total.extracted - total.matched);
    ck_assert_msg(recall >= MIN_RECALL,
                  "recall %.4f below %.2f (%zu false negatives; see the FN "
                  "lines above)",
                  recall, MIN_RECALL, total.gold - total.matched);
}
END_TEST

TCase *ingest_gold_tcase(void)
{
    TCase *tc = tcase_create("gold");

    tcase_add_test(tc, test_ingest_gold__precision_recall_span);
    return tc;
}
