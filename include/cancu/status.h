/* cancu: status codes and the last error message. */
#ifndef CANCU_STATUS_H
#define CANCU_STATUS_H

#include "common.h"

CANCU_BEGIN_DECL

/* Every library call that can fail returns one of these. */
typedef enum cancu_status {
    CANCU_STATUS_SUCCESS = 0,
    /* Memory could not be allocated. */
    CANCU_STATUS_OUT_OF_MEMORY,
    /* A file could not be read or written. */
    CANCU_STATUS_IO_ERROR,
    /* The input is not something cancu can read (binary, undecodable). */
    CANCU_STATUS_BAD_INPUT,
    /* The input is a known format that cancu does not read. */
    CANCU_STATUS_UNSUPPORTED_FORMAT,
    /* The input exceeds one of the explicit limits. */
    CANCU_STATUS_LIMIT_EXCEEDED,
    /* An argument is out of range or malformed (a bad query, an id). */
    CANCU_STATUS_INVALID_ARGUMENT,
    /* The named plan, file or archive does not exist. */
    CANCU_STATUS_NOT_FOUND,
    /* Another process holds the archive's write lock. */
    CANCU_STATUS_ARCHIVE_LOCKED,
    /* The archive is damaged, of another version, or not writable. */
    CANCU_STATUS_ARCHIVE_ERROR,
    /* The archive changed under a reader; reopen and retry. */
    CANCU_STATUS_OPERATION_INVALIDATED,
    /* Xapian raised an error not covered above. */
    CANCU_STATUS_XAPIAN_EXCEPTION,
    CANCU_STATUS_LAST_STATUS
} cancu_status_t;

/* A short, constant English description of 'status'. Never NULL. */
CANCU_EXTERN(const char *) cancu_status_to_string(cancu_status_t status);

/* The one-line message recorded by the last failing call on this thread,
 * or "" when none failed. The string belongs to the library and is valid
 * until the next cancu call on this thread.
 *
 * The message is in the language of the thread's LC_MESSAGES, through
 * GNU gettext's text domain "cancu" (the cancu program's catalog, which
 * translates the library's messages too): English in the C locale, or
 * when no catalog is found. The library never calls setlocale() or
 * bindtextdomain(): a program that wants the messages translated calls
 * setlocale(LC_ALL, "") and, unless the catalog is installed in the
 * system's locale folder, bindtextdomain("cancu", FOLDER) and
 * bind_textdomain_codeset("cancu", "UTF-8") itself, before it calls
 * into the library. cancu_status_to_string() stays English. */
CANCU_EXTERN(const char *) cancu_error_last(void);

/* The same message in English whatever the locale, for output that
 * programs read (the CLI's --json, the server's /api/). */
CANCU_EXTERN(const char *) cancu_error_last_english(void);

/* Forget the last error of this thread. */
CANCU_EXTERN(void) cancu_error_clear(void);

CANCU_END_DECL

#endif
