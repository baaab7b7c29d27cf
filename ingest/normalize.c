/* Unicode normalization of text as read: NFC, no other rewriting. Text
 * shown to people keeps its spelling; index terms are canonicalized by the
 * analyzer (index/analyzer.c). */
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "ingest/ingest-private.h"

cancu_status_t cancu_normalize__utf16_to_nfc(char **out, size_t *out_len,
                                             const char *name, const UChar *u,
                                             int32_t n)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    UChar *normalized = NULL;
    int32_t utf8_len;
    char *utf8;

    if (U_SUCCESS(err) && !unorm2_isNormalized(nfc, u, n, &err)) {
        int32_t cap = n + n / 2 + 16;

        err = U_ZERO_ERROR;
        normalized = malloc((size_t)cap * sizeof *normalized);
        if (!normalized)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", name);
        n = unorm2_normalize(nfc, u, n, normalized, cap, &err);
        u = normalized;
    }
    if (U_FAILURE(err)) {
        free(normalized);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: text cannot be normalized (%s)", name,
                                u_errorName(err));
    }
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &utf8_len, u, n, &err);
    err = U_ZERO_ERROR;
    utf8 = malloc((size_t)utf8_len + 1);
    if (!utf8) {
        free(normalized);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                name);
    }
    u_strToUTF8(utf8, utf8_len + 1, NULL, u, n, &err);
    free(normalized);
    if (U_FAILURE(err)) {
        free(utf8);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: text cannot be converted (%s)", name,
                                u_errorName(err));
    }
    *out = utf8;
    *out_len = (size_t)utf8_len;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_normalize__nfc(char **out, size_t *out_len,
                                    const char *text, size_t len)
{
    UErrorCode err = U_ZERO_ERROR;
    UChar *u;
    int32_t n;
    cancu_status_t status;

    if (len > INT32_MAX / 4)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "text of %zu bytes is too long", len);
    u = malloc((len + 1) * sizeof *u);
    if (!u)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    u_strFromUTF8Lenient(u, (int32_t)len + 1, &n, text, (int32_t)len, &err);
    if (U_FAILURE(err)) {
        free(u);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "text is not UTF-8 (%s)", u_errorName(err));
    }
    status = cancu_normalize__utf16_to_nfc(out, out_len, "text", u, n);
    free(u);
    return status;
}
