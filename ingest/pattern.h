/* PCRE2 patterns compiled once, on first use, and shared by all threads. */
#ifndef CANCU_PATTERN_H
#define CANCU_PATTERN_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util/util.h"

typedef struct cancu_pattern {
    const char *source;
    uint32_t options; /* PCRE2_UTF and PCRE2_UCP are always added. */
    pcre2_code *code;
} cancu_pattern_t;

#define CANCU_PATTERN(src, opts)                                               \
    {                                                                          \
        (src), (opts), NULL                                                    \
    }

/* The compiled pattern, JIT-compiled where the platform allows, or NULL
 * with the last error set when it does not compile (a bug). */
const pcre2_code *cancu_pattern__code(cancu_pattern_t *pattern);

#endif
