/* cancu: checking a plan's citations. Each reference against the
 * legal-status registry as of a date (replaced, repealed, expired,
 * amended, unknown), and the problems its text alone shows (a year that
 * contradicts the date, a missing year, ...). The command line and the
 * web page only print what this gives. */
#ifndef CANCU_CHECK_H
#define CANCU_CHECK_H

#include "common.h"
#include "status.h"
#include "document.h"
#include "archive.h"

CANCU_BEGIN_DECL

/* The findings about one plan. */
typedef struct cancu_check cancu_check_t;
/* One finding. */
typedef struct cancu_finding cancu_finding_t;

typedef enum cancu_finding_kind {
    /* Replaced by another document by the as-of date. */
    CANCU_FINDING_REPLACED = 0,
    /* Repealed by then. */
    CANCU_FINDING_REPEALED,
    /* No longer in force by then (its own term, or a text ended it). */
    CANCU_FINDING_EXPIRED,
    /* The date written with it is not the date of the registry's
     * document of that number. */
    CANCU_FINDING_DATE_MISMATCH,
    /* The number's year contradicts the date written with it. */
    CANCU_FINDING_YEAR_MISMATCH,
    /* The number has no year where it needs one. */
    CANCU_FINDING_MISSING_YEAR,
    /* One document written with two different dates. */
    CANCU_FINDING_CONFLICTING_DATE,
    /* Signed after the plan itself. */
    CANCU_FINDING_FUTURE_DATED,
    /* Several documents fit what is written. */
    CANCU_FINDING_AMBIGUOUS,
    /* In force, with amendments by then. */
    CANCU_FINDING_AMENDED,
    /* The registry does not say what became of it. */
    CANCU_FINDING_UNKNOWN,
    /* A number with a code cancu does not know. */
    CANCU_FINDING_UNKNOWN_CODE,
    /* The registry's record says it stands, an ingested text says it
     * ended: shown, not hidden (the record is trusted over the text). */
    CANCU_FINDING_DISPUTED,
    CANCU_FINDING_LAST_KIND
} cancu_finding_kind_t;

typedef enum cancu_severity {
    /* Worth knowing: amended, unknown, ambiguous. */
    CANCU_SEVERITY_INFO = 0,
    /* The citation is outdated or mistyped. */
    CANCU_SEVERITY_WARNING = 1
} cancu_severity_t;

/* "replaced", "repealed", "expired", "date-mismatch", "year-mismatch",
 * "missing-year", "conflicting-date", "future-dated", "ambiguous",
 * "amended", "unknown", "unknown-code", "disputed". Never NULL;
 * constant. */
CANCU_EXTERN(const char *) cancu_finding_kind_to_string(cancu_finding_kind_t);
/* "info" or "warning". Never NULL; constant. */
CANCU_EXTERN(const char *) cancu_severity_to_string(cancu_severity_t);

/* A date as people write it into ISO 8601 in 'out': "2023-08-01",
 * "01/08/2023", "1/8/2023", "2023-08", "08/2023", "2023", or "today"
 * (the local clock). Returns CANCU_STATUS_SUCCESS, or
 * _INVALID_ARGUMENT with a message saying why ("31/02/2023 is not a
 * day"). */
CANCU_EXTERN(cancu_status_t) cancu_date_parse(char out[11], const char *text);

/* Check the document 'doc' (a file opened with cancu_document_open) as of
 * 'as_of' (any form cancu_date_parse reads; NULL: the plan's own date),
 * against the registry of 'archive' (NULL: no archive, the registry
 * built into cancu alone).
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (a malformed as-of
 * date), _ARCHIVE_ERROR (a registry that cannot be read),
 * _XAPIAN_EXCEPTION, _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_check_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_check_document(cancu_check_t **out, cancu_archive_t *archive,
                     const cancu_document_t *doc, const char *as_of);

/* The same for the archive's plan named by 'id_or_path' (as for
 * cancu_archive_remove). Returns also _NOT_FOUND. */
CANCU_EXTERN(cancu_status_t)
cancu_check_plan(cancu_check_t **out, cancu_archive_t *archive,
                 const char *id_or_path, const char *as_of);

/* The plan checked: its id, path, title and date ("" when unknown). */
CANCU_EXTERN(const char *) cancu_check_plan_id(const cancu_check_t *check);
CANCU_EXTERN(const char *) cancu_check_plan_path(const cancu_check_t *check);
CANCU_EXTERN(const char *) cancu_check_plan_title(const cancu_check_t *check);
CANCU_EXTERN(const char *) cancu_check_plan_date(const cancu_check_t *check);
/* The date it was judged as of: the as-of asked, else the plan's date;
 * "" when neither is known (then only what is ended for good counts). */
CANCU_EXTERN(const char *) cancu_check_as_of(const cancu_check_t *check);
/* The findings, warnings first, then in the order of the text. */
CANCU_EXTERN(size_t) cancu_check_count(const cancu_check_t *check);
/* Finding 'index', or NULL past the end. Borrowed from 'check'. */
CANCU_EXTERN(const cancu_finding_t *)
cancu_check_get(const cancu_check_t *check, size_t index);
/* How many findings are at warning. */
CANCU_EXTERN(size_t) cancu_check_warnings(const cancu_check_t *check);
/* Free 'check'. NULL does nothing. */
CANCU_EXTERN(void) cancu_check_destroy(cancu_check_t *check);

/* Fields of a finding. Strings are never NULL ("" when none) and are
 * borrowed from the check. */
CANCU_EXTERN(cancu_finding_kind_t)
cancu_finding_kind(const cancu_finding_t *finding);
CANCU_EXTERN(cancu_severity_t)
cancu_finding_severity(const cancu_finding_t *finding);
/* The document's canonical id, and the reference as the text writes it. */
CANCU_EXTERN(const char *) cancu_finding_id(const cancu_finding_t *finding);
CANCU_EXTERN(const char *) cancu_finding_text(const cancu_finding_t *finding);
/* Where it stands: the section path ("II.3"), the task number in a task
 * table ("" outside one), the 1-based line. */
CANCU_EXTERN(const char *)
cancu_finding_section(const cancu_finding_t *finding);
CANCU_EXTERN(const char *) cancu_finding_task(const cancu_finding_t *finding);
CANCU_EXTERN(size_t) cancu_finding_line(const cancu_finding_t *finding);
/* What happened and when, in English and in Vietnamese. */
CANCU_EXTERN(const char *)
cancu_finding_detail(const cancu_finding_t *finding);
CANCU_EXTERN(const char *)
cancu_finding_detail_vi(const cancu_finding_t *finding);
/* What to cite instead: the document in force on the as-of date that
 * the chain of replacements leads to, the id the year or date points
 * to, or the amending documents ("" when nothing to suggest). */
CANCU_EXTERN(const char *)
cancu_finding_suggestion(const cancu_finding_t *finding);
/* For replaced, repealed and expired: the date it ended. */
CANCU_EXTERN(const char *)
cancu_finding_ended_on(const cancu_finding_t *finding);
/* The replacements followed, in order (replaced only). */
CANCU_EXTERN(size_t)
cancu_finding_chain_count(const cancu_finding_t *finding);
CANCU_EXTERN(const char *)
cancu_finding_chain(const cancu_finding_t *finding, size_t index);
/* The registry's documents it may be (ambiguous only). */
CANCU_EXTERN(size_t)
cancu_finding_candidate_count(const cancu_finding_t *finding);
CANCU_EXTERN(const char *)
cancu_finding_candidate(const cancu_finding_t *finding, size_t index);
/* The registry record the finding rests on and where its facts come
 * from ("shipped", "imported FILE:LINE", "mined from FILE"); "" when
 * none. */
CANCU_EXTERN(const char *)
cancu_finding_record(const cancu_finding_t *finding);
CANCU_EXTERN(const char *)
cancu_finding_origin(const cancu_finding_t *finding);

CANCU_END_DECL

#endif
