/* Terms bounded to what Xapian stores. */
#include <string.h>

#include "index/analyzer.h"
#include "util/util.h"

/* Hex digits of the value's hash kept after a cut: 64 bits, so that two
 * long names in one archive do not meet by chance. */
#define CUT_HASH_DIGITS 16

void cancu_index__term(cancu_strbuf_t *out, const char *prefix,
                       const char *value)
{
    size_t plen = strlen(prefix), vlen = strlen(value), keep;
    char hex[65];

    if (plen + vlen <= CANCU_TERM_MAX_BYTES) {
        cancu_strbuf__puts(out, prefix);
        cancu_strbuf__append(out, value, vlen);
        return;
    }
    keep = CANCU_TERM_MAX_BYTES - plen - 1 - CUT_HASH_DIGITS;
    /* Back up over UTF-8 continuation bytes to a character's start. */
    while (keep > 0 && ((unsigned char)value[keep] & 0xC0) == 0x80)
        keep--;
    cancu_hash__sha256_hex(value, vlen, hex);
    cancu_strbuf__puts(out, prefix);
    cancu_strbuf__append(out, value, keep);
    cancu_strbuf__putc(out, '#');
    cancu_strbuf__append(out, hex, CUT_HASH_DIGITS);
}
