#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include <cancu/cancu.h>

#include "util/util.h"

static _Thread_local char last_error[1024];

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

void cancu_error_clear(void)
{
    last_error[0] = '\0';
}

cancu_status_t cancu_error__set(cancu_status_t status, const char *fmt, ...)
{
    va_list ap;

    char message[sizeof last_error];

    /* The message in the language of LC_MESSAGES, when the program bound
     * the domain (the library never sets the locale nor binds: the
     * program does); else, and in the C locale, the English 'fmt'. ""
     * would give the catalog's header. Format into a copy: an argument
     * may be cancu_error_last() itself. */
    va_start(ap, fmt);
    vsnprintf(message, sizeof message,
              *fmt ? dgettext(CANCU_TEXT_DOMAIN, fmt) : fmt, ap);
    va_end(ap);
    memcpy(last_error, message, sizeof last_error);
    /* A message is one line: fold any newline a caller let through. */
    for (char *p = last_error; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return status;
}

const char *cancu_version(void)
{
    return CANCU_VERSION;
}
