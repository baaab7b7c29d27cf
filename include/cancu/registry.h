/* cancu: the legal-status registry. What became of each legal document
 * (in force, amended, replaced, repealed, expired), from when, on what
 * sources and how surely. It is kept inside the archive, so a copy of the
 * archive carries it. */
#ifndef CANCU_REGISTRY_H
#define CANCU_REGISTRY_H

#include "common.h"
#include "status.h"
#include "archive.h"

CANCU_BEGIN_DECL

/* One legal document's record. */
typedef struct cancu_registry_entry cancu_registry_entry_t;
/* Records returned by a lookup or a listing. */
typedef struct cancu_registry_entry_list cancu_registry_entry_list_t;
/* What an import did: counts and the rejected rows. */
typedef struct cancu_registry_report cancu_registry_report_t;
/* A document's standing as of a given date. */
typedef struct cancu_registry_standing cancu_registry_standing_t;

/* The standing of a legal document. */
typedef enum cancu_legal_status {
    /* Not known (the sources do not establish it). */
    CANCU_LEGAL_UNKNOWN = 0,
    /* In force, never amended. */
    CANCU_LEGAL_IN_FORCE = 1,
    /* In force, with amendments. */
    CANCU_LEGAL_AMENDED = 2,
    /* Replaced by another document. */
    CANCU_LEGAL_REPLACED = 3,
    /* Repealed without a replacement. */
    CANCU_LEGAL_REPEALED = 4,
    /* Ended by its own terms (a fixed period, a one-off task). */
    CANCU_LEGAL_EXPIRED = 5,
    /* Only as a computed standing: not yet signed or in force then. */
    CANCU_LEGAL_NOT_YET_IN_FORCE = 6
} cancu_legal_status_t;

/* How sure a record is. */
typedef enum cancu_registry_confidence {
    /* Listed, but nothing about it is established; its status is
     * unknown. */
    CANCU_CONFIDENCE_UNVERIFIED = 0,
    /* Read from the text of an ingested document by cancu. */
    CANCU_CONFIDENCE_MINED = 1,
    /* Some of the record is established by its sources. */
    CANCU_CONFIDENCE_PARTIAL = 2,
    /* Established by its sources. */
    CANCU_CONFIDENCE_VERIFIED = 3
} cancu_registry_confidence_t;

/* The name of 'status' as the registry file writes it: "unknown",
 * "in-force", "amended", "replaced", "repealed", "expired", or
 * "not-yet-in-force". Never NULL; the string is constant. */
CANCU_EXTERN(const char *)
cancu_legal_status_to_string(cancu_legal_status_t status);

/* The name of 'confidence': "unverified", "mined", "partial" or
 * "verified". Never NULL; the string is constant. */
CANCU_EXTERN(const char *)
cancu_registry_confidence_to_string(cancu_registry_confidence_t confidence);

/* Import the registry file at 'path' (the TSV format described in
 * corpora/registry/README.md) into the archive's registry. Every row is
 * checked; a bad row is rejected with a message naming the file and its
 * line, and the good rows are merged: a row replaces the record of the
 * same id, keeping the relations mined for it. When no row is good,
 * nothing is written. The import is one transaction and is committed
 * (with anything the current batch holds) before this returns.
 * Returns CANCU_STATUS_SUCCESS with *out set (also when rows were
 * rejected: see cancu_registry_report_rejected), _IO_ERROR (cannot read
 * the file), _BAD_INPUT (no header line, or an unknown, repeated or
 * missing column), _LIMIT_EXCEEDED (over 64 MiB), _INVALID_ARGUMENT
 * (archive opened read-only), _ARCHIVE_ERROR (a damaged registry),
 * _XAPIAN_EXCEPTION, _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_registry_report_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_registry_import(cancu_registry_report_t **out, cancu_archive_t *archive,
                      const char *path);

/* The rows imported as new records. */
CANCU_EXTERN(size_t)
cancu_registry_report_added(const cancu_registry_report_t *report);
/* The rows that replaced a record with different content. */
CANCU_EXTERN(size_t)
cancu_registry_report_updated(const cancu_registry_report_t *report);
/* The rows equal to the record already there. */
CANCU_EXTERN(size_t)
cancu_registry_report_unchanged(const cancu_registry_report_t *report);
/* The rows rejected; each has one message. */
CANCU_EXTERN(size_t)
cancu_registry_report_rejected(const cancu_registry_report_t *report);
/* The message of rejected row 'index' ("FILE:LINE: reason"), or NULL
 * past the end. Borrowed from 'report' until
 * cancu_registry_report_destroy. */
CANCU_EXTERN(const char *)
cancu_registry_report_rejection(const cancu_registry_report_t *report,
                                size_t index);
/* The line number of rejected row 'index', or 0 past the end. */
CANCU_EXTERN(size_t)
cancu_registry_report_rejection_line(const cancu_registry_report_t *report,
                                     size_t index);
/* What an import saw besides its rows, one line each (columns and labels
 * it does not know, with their counts). Borrowed from 'report'. */
CANCU_EXTERN(size_t)
cancu_registry_report_note_count(const cancu_registry_report_t *report);
CANCU_EXTERN(const char *)
cancu_registry_report_note(const cancu_registry_report_t *report, size_t index);
/* Free 'report'. NULL does nothing. */
CANCU_EXTERN(void)
cancu_registry_report_destroy(cancu_registry_report_t *report);

/* Import the tables of a dataset crawled from the national legal
 * database (vbpl.vn): 'documents' (one row a document: number, type,
 * issuer, dates, status) and 'relationships' (doc_id, other_doc_id, a
 * label), each CSV or JSON lines (corpora/vbpl/README.md), read as
 * streams. Each document becomes an imported record of its canonical id
 * (a number that is not unique takes its year: "18-NQ/TW:2017"); each
 * relationship sets the standing of the document acted on (replaced,
 * repealed, expired, amended, from the acting document's date in force).
 * 'dataset' names the dataset and its date in each record's origin
 * (NULL: "vbpl.vn dataset of" the day the documents table was written). A
 * row that cannot be read is rejected with its line; a number two
 * documents of the dataset share is left out. Unknown columns and labels
 * are counted in the notes, never guessed. The rows are committed every
 * few thousand, so memory stays flat: an import cut short keeps what was
 * committed, and running it again completes it.
 * Returns as cancu_registry_import. */
CANCU_EXTERN(cancu_status_t)
cancu_registry_import_vbpl(cancu_registry_report_t **out,
                           cancu_archive_t *archive, const char *documents,
                           const char *relationships, const char *dataset);

/* The records for 'id', written in any spelling the reference extractor
 * reads ("16/2015/ND-CP" finds 16/2015/NĐ-CP). A number that is not
 * unique finds every candidate: "18-NQ/TW" finds 18-NQ/TW:2017 and
 * 18-NQ/TW:2022; "18-NQ/TW:2017" finds that one, or else a record of
 * 18-NQ/TW without a year. The exact record comes first. The archive's
 * records stand over the registry built into cancu; with 'archive'
 * NULL, only the built-in records are read.
 * Returns CANCU_STATUS_SUCCESS with at least one record, _NOT_FOUND,
 * _ARCHIVE_ERROR (a damaged record), _XAPIAN_EXCEPTION, _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_registry_entry_list_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_registry_lookup(cancu_registry_entry_list_t **out,
                      cancu_archive_t *archive, const char *id);

/* Every record of the registry, by id (an empty list when there is none):
 * the archive's and the built-in ones ('archive' may be NULL), each id
 * once.
 * Returns CANCU_STATUS_SUCCESS, _ARCHIVE_ERROR, _XAPIAN_EXCEPTION,
 * _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_registry_entry_list_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_registry_list(cancu_registry_entry_list_t **out,
                    cancu_archive_t *archive);

/* The records of the documents 'id' (a canonical id) acts on: those it
 * replaced or amended, by the records' own fields or by what ingested
 * texts say; an empty list when there is none. What it costs grows with
 * the answer, not with the registry.
 * Returns CANCU_STATUS_SUCCESS, _ARCHIVE_ERROR, _XAPIAN_EXCEPTION,
 * _OUT_OF_MEMORY. The caller owns *out (cancu_registry_entry_list_destroy). */
CANCU_EXTERN(cancu_status_t)
cancu_registry_acted_on_by(cancu_registry_entry_list_t **out,
                           cancu_archive_t *archive, const char *id);

CANCU_EXTERN(size_t)
cancu_registry_entry_list_count(const cancu_registry_entry_list_t *list);
/* Record 'index', or NULL past the end. Borrowed from 'list' until
 * cancu_registry_entry_list_destroy. */
CANCU_EXTERN(const cancu_registry_entry_t *)
cancu_registry_entry_list_get(const cancu_registry_entry_list_t *list,
                              size_t index);
/* Free 'list' and its records. NULL does nothing. */
CANCU_EXTERN(void)
cancu_registry_entry_list_destroy(cancu_registry_entry_list_t *list);

/* Fields of a record. Strings are never NULL ("" when not known) and are
 * borrowed from the record's list until cancu_registry_entry_list_destroy.
 * Dates are ISO 8601, possibly partial ("2017-10", "2017"). */

/* The canonical id, with ":YEAR" for a number that is not unique
 * ("18-NQ/TW:2017"). */
CANCU_EXTERN(const char *)
cancu_registry_entry_id(const cancu_registry_entry_t *entry);
/* The type word ("Nghị định") and the issuer ("Chính phủ"). */
CANCU_EXTERN(const char *)
cancu_registry_entry_type(const cancu_registry_entry_t *entry);
CANCU_EXTERN(const char *)
cancu_registry_entry_issuer(const cancu_registry_entry_t *entry);
/* When it was signed (issued), and when it took effect. */
CANCU_EXTERN(const char *)
cancu_registry_entry_signed(const cancu_registry_entry_t *entry);
CANCU_EXTERN(const char *)
cancu_registry_entry_in_force(const cancu_registry_entry_t *entry);
CANCU_EXTERN(const char *)
cancu_registry_entry_title(const cancu_registry_entry_t *entry);
/* The standing the record states: never CANCU_LEGAL_NOT_YET_IN_FORCE. */
CANCU_EXTERN(cancu_legal_status_t)
cancu_registry_entry_status(const cancu_registry_entry_t *entry);
/* The replacing document, and when the replacement took effect. */
CANCU_EXTERN(const char *)
cancu_registry_entry_replaced_by(const cancu_registry_entry_t *entry);
CANCU_EXTERN(const char *)
cancu_registry_entry_replaced_on(const cancu_registry_entry_t *entry);
/* The amending documents, in the order the record gives them. */
CANCU_EXTERN(size_t)
cancu_registry_entry_amended_count(const cancu_registry_entry_t *entry);
/* Amending document 'index', or NULL past the end. */
CANCU_EXTERN(const char *)
cancu_registry_entry_amended_by(const cancu_registry_entry_t *entry,
                                size_t index);
/* When amendment 'index' applies from ("" when not known), or NULL past
 * the end. */
CANCU_EXTERN(const char *)
cancu_registry_entry_amended_on(const cancu_registry_entry_t *entry,
                                size_t index);
CANCU_EXTERN(const char *)
cancu_registry_entry_repealed_on(const cancu_registry_entry_t *entry);
CANCU_EXTERN(const char *)
cancu_registry_entry_expired_on(const cancu_registry_entry_t *entry);
/* The sources, URLs separated by "; ". */
CANCU_EXTERN(const char *)
cancu_registry_entry_source(const cancu_registry_entry_t *entry);
CANCU_EXTERN(cancu_registry_confidence_t)
cancu_registry_entry_confidence(const cancu_registry_entry_t *entry);
/* For a mined record: the document its facts were read from. */
CANCU_EXTERN(const char *)
cancu_registry_entry_mined_from(const cancu_registry_entry_t *entry);
/* Where the record was imported from ("vn-legal-status.tsv:12"), or ""
 * for a record made from mined relations. */
CANCU_EXTERN(const char *)
cancu_registry_entry_origin(const cancu_registry_entry_t *entry);

/* Where the record's own fields come from: "shipped" (the registry
 * built into cancu), "imported" (cancu_registry_import: see
 * cancu_registry_entry_origin) or "mined" (read from ingested texts). An
 * imported record stands over the shipped one of the same id, and both
 * over what texts say; the relations mined are kept beside either. */
CANCU_EXTERN(const char *)
cancu_registry_entry_provenance(const cancu_registry_entry_t *entry);
/* The ingested file that is this document's own text, or "". */
CANCU_EXTERN(const char *)
cancu_registry_entry_text(const cancu_registry_entry_t *entry);

/* The relations mined from texts about this document, kept beside the
 * record's own fields (which they change only in a mined record). */
CANCU_EXTERN(size_t)
cancu_registry_entry_relation_count(const cancu_registry_entry_t *entry);
/* Relation 'index': its kind ("amends", "replaces", "repeals",
 * "expires"), the document acting ("" when the text did not say), its
 * date ("" when none) and the document it was read from. Each returns
 * NULL past the end. */
CANCU_EXTERN(const char *)
cancu_registry_entry_relation_kind(const cancu_registry_entry_t *entry,
                                   size_t index);
CANCU_EXTERN(const char *)
cancu_registry_entry_relation_source(const cancu_registry_entry_t *entry,
                                     size_t index);
CANCU_EXTERN(const char *)
cancu_registry_entry_relation_date(const cancu_registry_entry_t *entry,
                                   size_t index);
CANCU_EXTERN(const char *)
cancu_registry_entry_relation_mined_from(const cancu_registry_entry_t *entry,
                                         size_t index);
/* The line of that document's text stating relation 'index' (0 when not
 * known or past the end). */
CANCU_EXTERN(size_t)
cancu_registry_entry_relation_line(const cancu_registry_entry_t *entry,
                                   size_t index);

/* Record a relation read from the text of an ingested legal document:
 * 'source_id' 'kind' ("amends", "replaces", "repeals" or "expires")
 * 'target_id', from 'date' (ISO, possibly partial; NULL or "" when the
 * text gives none), read from 'mined_from' (the document's id or path).
 * 'source_id' may be NULL or "" for "repeals" and "expires". The relation
 * is kept with the target's record, once. A record made from mined
 * relations alone (confidence "mined") takes its status from them; an
 * imported record keeps every field as it is. The change lands with the
 * current batch, at the next cancu_archive_commit.
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (an unknown kind, an id
 * that is not a document number or name, a malformed date, an empty
 * 'mined_from', a missing source, an archive opened read-only),
 * _ARCHIVE_ERROR, _XAPIAN_EXCEPTION, _OUT_OF_MEMORY.
 * Every argument stays owned by the caller. */
CANCU_EXTERN(cancu_status_t)
cancu_registry_add_mined(cancu_archive_t *archive, const char *kind,
                         const char *source_id, const char *target_id,
                         const char *date, const char *mined_from);

/* The standing of the document of 'entry' as of 'date' (ISO, possibly
 * partial: "2021-12" compares by year and month only, and an event in
 * that month counts as happened). Replacement, repeal and expiry apply
 * from their dates; amendments from theirs, or, when undated, from the
 * start of the year in the amending number. An ending that cannot be
 * placed before or after 'date' gives CANCU_LEGAL_UNKNOWN, as does a
 * record whose status is unknown.
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT ('date' is not a date),
 * _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_registry_standing_destroy;
 * it does not depend on 'entry' staying alive. */
CANCU_EXTERN(cancu_status_t)
cancu_registry_status_as_of(cancu_registry_standing_t **out,
                            const cancu_registry_entry_t *entry,
                            const char *date);

/* The date asked about. */
CANCU_EXTERN(const char *)
cancu_registry_standing_date(const cancu_registry_standing_t *standing);
CANCU_EXTERN(cancu_legal_status_t)
cancu_registry_standing_status(const cancu_registry_standing_t *standing);
/* For CANCU_LEGAL_REPLACED: the replacing document and the date of the
 * replacement; "" otherwise. */
CANCU_EXTERN(const char *)
cancu_registry_standing_replaced_by(const cancu_registry_standing_t *standing);
CANCU_EXTERN(const char *)
cancu_registry_standing_replaced_on(const cancu_registry_standing_t *standing);
/* For CANCU_LEGAL_REPLACED, _REPEALED and _EXPIRED: the date it ended;
 * "" otherwise. */
CANCU_EXTERN(const char *)
cancu_registry_standing_ended_on(const cancu_registry_standing_t *standing);
/* The amendments in effect by then. */
CANCU_EXTERN(size_t)
cancu_registry_standing_amended_count(
    const cancu_registry_standing_t *standing);
/* Amending document 'index' and its date ("" when undated); NULL past
 * the end. Borrowed from 'standing' until cancu_registry_standing_destroy. */
CANCU_EXTERN(const char *)
cancu_registry_standing_amended_by(const cancu_registry_standing_t *standing,
                                   size_t index);
CANCU_EXTERN(const char *)
cancu_registry_standing_amended_on(const cancu_registry_standing_t *standing,
                                   size_t index);
/* Free 'standing'. NULL does nothing. */
CANCU_EXTERN(void)
cancu_registry_standing_destroy(cancu_registry_standing_t *standing);

CANCU_END_DECL

#endif
