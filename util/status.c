#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include <cancu/cancu.h>

#include "util/util.h"

static _Thread_local char last_error[1024];
/* The same message in English, for output read by programs (--json). */
static _Thread_local char last_error_english[sizeof last_error];

const char *cancu_status_to_string(cancu_status_t status)
{
    switch (status) {
    case CANCU_STATUS_SUCCESS:
        return "no error";
    case CANCU_STATUS_OUT_OF_MEMORY:
        return "out of memory";
    case CANCU_STATUS_IO_ERROR:
        return "input/output error";
    case CANCU_STATUS_BAD_INPUT:
        return "bad input";
    case CANCU_STATUS_UNSUPPORTED_FORMAT:
        return "unsupported format";
    case CANCU_STATUS_LIMIT_EXCEEDED:
        return "limit exceeded";
    case CANCU_STATUS_INVALID_ARGUMENT:
        return "invalid argument";
    case CANCU_STATUS_NOT_FOUND:
        return "not found";
    case CANCU_STATUS_ARCHIVE_LOCKED:
        return "archive is locked by another cancu process";
    case CANCU_STATUS_ARCHIVE_ERROR:
        return "archive error";
    case CANCU_STATUS_OPERATION_INVALIDATED:
        return "archive changed during the operation";
    case CANCU_STATUS_XAPIAN_EXCEPTION:
        return "Xapian error";
    case CANCU_STATUS_LAST_STATUS:
        break;
    }
    return "unknown status";
}

const char *cancu_error_last(void)
{
    return last_error;
}

const char *cancu_error_last_english(void)
{
    return last_error_english;
}

void cancu_error_clear(void)
{
    last_error[0] = last_error_english[0] = '\0';
}

/* A message is one line: fold any newline a caller let through. */
static void keep_one_line(char *message, size_t size, const char *text)
{
    snprintf(message, size, "%s", text);
    for (char *p = message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

cancu_status_t cancu_error__set_messages(cancu_status_t status,
                                         const char *english,
                                         const char *translated)
{
    char en[sizeof last_error], tr[sizeof last_error];

    /* Copied first: either may be cancu_error_last() itself. */
    keep_one_line(en, sizeof en, english);
    keep_one_line(tr, sizeof tr, translated);
    memcpy(last_error_english, en, sizeof en);
    memcpy(last_error, tr, sizeof tr);
    return status;
}

cancu_status_t cancu_error__set(cancu_status_t status, const char *fmt, ...)
{
    va_list ap, again;
    char english[sizeof last_error], translated[sizeof last_error];

    /* The message in the language of LC_MESSAGES, when the program bound
     * the domain (the library never sets the locale nor binds: the
     * program does); else, and in the C locale, the English 'fmt'. ""
     * would give the catalog's header. Formatted into copies: an
     * argument may be cancu_error_last() itself. */
    va_start(ap, fmt);
    va_copy(again, ap);
    vsnprintf(english, sizeof english, fmt, ap);
    vsnprintf(translated, sizeof translated,
              *fmt ? dgettext(CANCU_TEXT_DOMAIN, fmt) : fmt, again);
    va_end(again);
    va_end(ap);
    return cancu_error__set_messages(status, english, translated);
}

const char *cancu_version(void)
{
    return CANCU_VERSION;
}
