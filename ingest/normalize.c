/* Unicode normalization of text as read: NFC, no other rewriting. Text
 * shown to people keeps its spelling; index terms are canonicalized by the
 * analyzer (index/analyzer.c). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "ingest/ingest-private.h"

/* Code points below this are looked up in 'stable'. */
#define STABLE_END 0x2070

/* One bit a code point: set when it has canonical combining class 0 and
 * NFC_QC=Yes, so that a text made only of such characters is already NFC
 * (the quick check says YES). Filled from ICU on first use, for the
 * ranges Vietnamese text is written in: Latin-1, Latin Extended-A and -B,
 * Latin Extended Additional and General Punctuation; other code points go
 * through ICU. */
static uint8_t stable[STABLE_END / 8];
static pthread_once_t stable_once = PTHREAD_ONCE_INIT;

static void fill_stable(void)
{
    static const UChar32 ranges[][2] = {
        {0x0000, 0x0250}, {0x1E00, 0x1F00}, {0x2000, 0x2070}};
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);

    if (U_FAILURE(err))
        return;
    for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++) {
        for (UChar32 c = ranges[r][0]; c < ranges[r][1]; c++) {
            UChar u = (UChar)c;

            err = U_ZERO_ERROR;
            if (unorm2_getCombiningClass(nfc, c) == 0 &&
                unorm2_quickCheck(nfc, &u, 1, &err) == UNORM_YES &&
                U_SUCCESS(err))
                stable[c / 8] |= (uint8_t)(1u << (c % 8));
        }
    }
}

/* Whether 'text' is well-formed UTF-8 made of stable code points only,
 * hence NFC as it is. */
static bool already_nfc(const unsigned char *s, size_t len)
{
    size_t i = 0;

    /* ASCII is stable: no need for the table until something else. */
    while (i < len && s[i] < 0x80)
        i++;
    if (i == len)
        return true;
    pthread_once(&stable_once, fill_stable);
    while (i < len) {
        uint32_t c = s[i];

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c < 0xE0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
            c = (c & 0x1F) << 6 | (s[i + 1] & 0x3F);
            i += 2;
        } else if (c >= 0xE0 && c < 0xF0 && i + 2 < len &&
                   (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
            c = (c & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 |
                (s[i + 2] & 0x3F);
            i += 3;
            if (c < 0x800)
                return false; /* overlong */
        } else {
            return false;
        }
        if (c >= STABLE_END || !(stable[c / 8] & (1u << (c % 8))))
            return false;
    }
    return true;
}

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
    /* Most text is NFC already: copied as it is, it is what the round
     * trip through UTF-16 and ICU would give. */
    if (already_nfc((const unsigned char *)text, len)) {
        char *copy = malloc(len + 1);

        if (!copy)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        memcpy(copy, text, len);
        copy[len] = '\0';
        *out = copy;
        *out_len = len;
        return CANCU_STATUS_SUCCESS;
    }
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
