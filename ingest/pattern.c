#include <pthread.h>

#include "ingest/pattern.h"

static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

const pcre2_code *cancu_pattern__code(cancu_pattern_t *pattern)
{
    pcre2_code *code;
    int err;
    PCRE2_SIZE offset;

    /* Compiled once: after that, no lock is needed to read it. */
    code = __atomic_load_n(&pattern->code, __ATOMIC_ACQUIRE);
    if (code)
        return code;
    pthread_mutex_lock(&compile_lock);
    code = pattern->code;
    if (!code) {
        code = pcre2_compile((PCRE2_SPTR)pattern->source, PCRE2_ZERO_TERMINATED,
                             pattern->options | PCRE2_UTF | PCRE2_UCP |
                                 PCRE2_NO_UTF_CHECK,
                             &err, &offset, NULL);
        if (code) {
            pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
            __atomic_store_n(&pattern->code, code, __ATOMIC_RELEASE);
        } else {
            PCRE2_UCHAR msg[256];

            pcre2_get_error_message(err, msg, sizeof msg);
            cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                             "pattern does not compile at %zu: %s",
                             (size_t)offset, (const char *)msg);
        }
    }
    pthread_mutex_unlock(&compile_lock);
    return code;
}
