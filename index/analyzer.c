/* Words to terms. Vietnamese is written syllable by syllable, so a word
 * here is one syllable; phrases come from positions. Each word gives an
 * exact term (case-folded, tone mark on one canonical vowel, the eth
 * look-alike U+00D0 read as Đ) and a folded term with no marks at all. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "index/analyzer.h"

/* Longer runs of letters are not words anyone searches for; they are kept
 * out of the index (Xapian's own term limit is 245 bytes). */
#define MAX_WORD_BYTES 96
#define WORD_UNITS 128

enum {
    MARK_GRAVE = 0x0300,
    MARK_ACUTE = 0x0301,
    MARK_CIRCUMFLEX = 0x0302,
    MARK_TILDE = 0x0303,
    MARK_BREVE = 0x0306,
    MARK_HOOK = 0x0309,
    MARK_HORN = 0x031B,
    MARK_DOT_BELOW = 0x0323,
};

static bool is_tone(UChar c)
{
    return c == MARK_GRAVE || c == MARK_ACUTE || c == MARK_TILDE ||
           c == MARK_HOOK || c == MARK_DOT_BELOW;
}

static bool is_vowel(UChar c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* One letter of a decomposed syllable. */
typedef struct letter {
    UChar base;
    UChar marks[3]; /* Marks other than the tone, in order. */
    int nmarks;
    bool shaped; /* â ă ê ô ơ ư: a vowel with a circumflex, breve, horn. */
} letter_t;

/* Which letter of 'l' takes the tone, or -1 when the word is not a
 * Vietnamese syllable (then it is left as it is). */
static int tone_target(const letter_t *l, int n)
{
    int i = 0, start, end, last_shaped = -1;

    while (i < n && !is_vowel(l[i].base))
        i++;
    if (i >= n)
        return -1;
    /* "qu" and "gi" before a vowel are consonants: quý, già, giữ. */
    if (i > 0 && l[i - 1].base == 'q' && l[i].base == 'u' && i + 1 < n &&
        is_vowel(l[i + 1].base))
        i++;
    else if (i > 0 && l[i - 1].base == 'g' && l[i].base == 'i' && i + 1 < n &&
             is_vowel(l[i + 1].base))
        i++;
    start = i;
    while (i < n && is_vowel(l[i].base))
        i++;
    end = i;
    for (int j = end; j < n; j++)
        if (is_vowel(l[j].base))
            return -1;
    for (int j = start; j < end; j++)
        if (l[j].shaped)
            last_shaped = j;
    if (last_shaped >= 0)
        return last_shaped;
    if (end < n)
        return end - 1;
    switch (end - start) {
    case 1:
        return start;
    case 2:
        /* Open oa, oe, uy: the tone sits on the second vowel (hoà, khoẻ,
         * thuỷ), one of the two placements in use, chosen as canonical. */
        if ((l[start].base == 'o' &&
             (l[start + 1].base == 'a' || l[start + 1].base == 'e')) ||
            (l[start].base == 'u' && l[start + 1].base == 'y'))
            return start + 1;
        return start;
    case 3:
        return start + 1;
    default:
        return -1;
    }
}

static bool append_uchars(cancu_strbuf_t *out, const UChar *u, int32_t n)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t need;

    u_strToUTF8(NULL, 0, &need, u, n, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        return false;
    if (!cancu_strbuf__grow(out, (size_t)need))
        return false;
    err = U_ZERO_ERROR;
    u_strToUTF8(out->data + out->len, need + 1, NULL, u, n, &err);
    if (U_FAILURE(err))
        return false;
    out->len += (size_t)need;
    out->data[out->len] = '\0';
    return true;
}

/* Rewrite the decomposed syllable 'u' with its tone on the canonical
 * vowel, and write the folded form. */
static bool canonical_forms(const UChar *u, int32_t n, cancu_strbuf_t *exact,
                            cancu_strbuf_t *folded)
{
    letter_t letters[WORD_UNITS];
    UChar out[WORD_UNITS * 4], nfc[WORD_UNITS * 4];
    UChar tone = 0;
    int nletters = 0, ntones = 0, target = -1;
    int32_t m = 0, nfc_len;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *compose = unorm2_getNFCInstance(&err);
    bool latin = true;

    for (int32_t i = 0; i < n; i++) {
        UChar c = u[i];

        if (u_getCombiningClass(c) != 0 && nletters > 0) {
            letter_t *l = &letters[nletters - 1];

            if (is_tone(c)) {
                tone = c;
                ntones++;
            } else if (l->nmarks < 3) {
                l->marks[l->nmarks++] = c;
                if (c == MARK_CIRCUMFLEX || c == MARK_BREVE || c == MARK_HORN)
                    l->shaped = true;
            }
            continue;
        }
        if (nletters == WORD_UNITS)
            return false;
        letters[nletters].base = c;
        letters[nletters].nmarks = 0;
        letters[nletters].shaped = false;
        if (!((c >= 'a' && c <= 'z') || c == 0x111))
            latin = false;
        nletters++;
    }
    if (ntones == 1 && latin)
        target = tone_target(letters, nletters);

    for (int i = 0; i < nletters; i++) {
        const letter_t *l = &letters[i];

        out[m++] = l->base;
        for (int k = 0; k < l->nmarks; k++)
            out[m++] = l->marks[k];
        if (i == target)
            out[m++] = tone;
    }
    if (target < 0 && ntones) {
        /* Not a syllable: keep every mark where it was. */
        m = 0;
        for (int32_t i = 0; i < n; i++)
            out[m++] = u[i];
    }
    if (U_FAILURE(err))
        return false;
    nfc_len = unorm2_normalize(compose, out, m, nfc,
                               (int32_t)(sizeof nfc / sizeof *nfc), &err);
    if (U_FAILURE(err) || !append_uchars(exact, nfc, nfc_len))
        return false;

    m = 0;
    for (int i = 0; i < nletters; i++)
        out[m++] = letters[i].base == 0x111 ? 'd' : letters[i].base;
    return append_uchars(folded, out, m);
}

bool cancu_analyzer__word(const char *word, size_t len, cancu_strbuf_t *exact,
                          cancu_strbuf_t *folded)
{
    UChar raw[WORD_UNITS], lower[WORD_UNITS * 2], nfd[WORD_UNITS * 4];
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *decompose;
    int32_t n, lower_len, nfd_len;
    bool ascii = true;

    cancu_strbuf__clear(exact);
    cancu_strbuf__clear(folded);
    for (size_t i = 0; i < len; i++)
        ascii &= (unsigned char)word[i] < 0x80;
    if (ascii) {
        if (!cancu_strbuf__grow(exact, len) || !cancu_strbuf__grow(folded, len))
            return false;
        for (size_t i = 0; i < len; i++) {
            char c = word[i];

            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            exact->data[i] = folded->data[i] = c;
        }
        exact->len = folded->len = len;
        exact->data[len] = folded->data[len] = '\0';
        return true;
    }
    if (len >= WORD_UNITS)
        return false;
    u_strFromUTF8Lenient(raw, WORD_UNITS, &n, word, (int32_t)len, &err);
    if (U_FAILURE(err))
        return false;
    for (int32_t i = 0; i < n; i++)
        if (raw[i] == 0xD0 || raw[i] == 0xF0)
            raw[i] = 0x111;
    lower_len =
        u_strFoldCase(lower, WORD_UNITS * 2, raw, n, U_FOLD_CASE_DEFAULT, &err);
    decompose = unorm2_getNFDInstance(&err);
    if (U_FAILURE(err))
        return false;
    nfd_len = unorm2_normalize(decompose, lower, lower_len, nfd, WORD_UNITS * 4,
                               &err);
    if (U_FAILURE(err) || nfd_len > WORD_UNITS)
        return false;
    return canonical_forms(nfd, nfd_len, exact, folded);
}

static bool is_word_char(UChar32 c)
{
    int8_t type;

    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    type = u_charType(c);
    return u_isalnum(c) || type == U_NON_SPACING_MARK ||
           type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

/* A direct-mapped table of words already analysed: a plan repeats a few
 * thousand syllables tens of thousands of times, and ICU's work a word is
 * most of what indexing costs. Words and forms longer than a slot holds
 * are analysed every time. A slot names its word's entry, the entries
 * coming one after another as words are first seen: the memory touched
 * grows with the words analysed, where a table of the entries themselves
 * (252 KB, past malloc's threshold for a mapping of its own) had each
 * search fault in its pages one by one (200 page faults of the 560 of a
 * one-word search, in two caches). */
#define CACHE_SLOTS 2048
#define CACHE_BYTES 40

typedef struct cached_word {
    unsigned char len, exact_len, folded_len;
    char word[CACHE_BYTES], exact[CACHE_BYTES], folded[CACHE_BYTES];
} cached_word_t;

struct cancu_word_cache {
    /* 1 + the index in 'entries' of the word a slot holds; 0: none. */
    uint16_t slots[CACHE_SLOTS];
    cached_word_t *entries;
    size_t count, cap;
};

cancu_word_cache_t *cancu_analyzer__cache_new(void)
{
    return calloc(1, sizeof(cancu_word_cache_t));
}

void cancu_analyzer__cache_destroy(cancu_word_cache_t *cache)
{
    if (cache)
        free(cache->entries);
    free(cache);
}

static uint16_t *cache_slot(cancu_word_cache_t *cache, const char *word,
                            size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    return &cache->slots[h % CACHE_SLOTS];
}

/* The entry for slot '*slot': the one it names, or a new one; NULL when
 * memory ran out (the word is then not remembered). */
static cached_word_t *cache_entry(cancu_word_cache_t *cache, uint16_t *slot)
{
    if (*slot)
        return &cache->entries[*slot - 1];
    if (cache->count == cache->cap) {
        size_t cap = cache->cap ? 2 * cache->cap : 64;
        cached_word_t *entries;

        if (cap > CACHE_SLOTS)
            cap = CACHE_SLOTS;
        entries = realloc(cache->entries, cap * sizeof *entries);
        if (!entries)
            return NULL;
        cache->entries = entries;
        cache->cap = cap;
    }
    *slot = (uint16_t)++cache->count;
    return &cache->entries[cache->count - 1];
}

static bool set_form(cancu_strbuf_t *buf, const char *form, size_t len)
{
    cancu_strbuf__clear(buf);
    cancu_strbuf__append(buf, form, len);
    return !buf->failed;
}

/* cancu_analyzer__word() through the cache when there is one. */
static bool analyze_word(cancu_word_cache_t *cache, const char *word,
                         size_t len, cancu_strbuf_t *exact,
                         cancu_strbuf_t *folded)
{
    uint16_t *at;
    cached_word_t *slot;

    if (!cache || len >= CACHE_BYTES)
        return cancu_analyzer__word(word, len, exact, folded);
    at = cache_slot(cache, word, len);
    slot = *at ? &cache->entries[*at - 1] : NULL;
    if (slot && slot->len == len && memcmp(slot->word, word, len) == 0)
        return set_form(exact, slot->exact, slot->exact_len) &&
               set_form(folded, slot->folded, slot->folded_len);
    if (!cancu_analyzer__word(word, len, exact, folded))
        return false;
    if (exact->len < CACHE_BYTES && folded->len < CACHE_BYTES &&
        (slot = cache_entry(cache, at))) {
        slot->len = (unsigned char)len;
        slot->exact_len = (unsigned char)exact->len;
        slot->folded_len = (unsigned char)folded->len;
        memcpy(slot->word, word, len);
        memcpy(slot->exact, exact->data, exact->len);
        memcpy(slot->folded, folded->data, folded->len);
    }
    return true;
}

cancu_status_t cancu_analyzer__tokenize(const char *text, size_t len,
                                        cancu_token_cb cb, void *payload)
{
    return cancu_analyzer__tokenize_cached(text, len, NULL, cb, payload);
}

cancu_status_t cancu_analyzer__tokenize_cached(const char *text, size_t len,
                                               cancu_word_cache_t *cache,
                                               cancu_token_cb cb, void *payload)
{
    cancu_strbuf_t exact = CANCU_STRBUF_INIT, folded = CANCU_STRBUF_INIT;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    unsigned int position = 0;
    bool spaced = true;
    size_t i = 0;

    while (i < len) {
        size_t start = i, end;
        UChar32 c;

        /* Skip to the next word, noting whether a space came between. */
        for (;;) {
            if (i >= len)
                goto done;
            start = i;
            if ((unsigned char)text[i] < 0x80) {
                c = (unsigned char)text[i++];
            } else {
                int32_t j = 0, avail = len - i > INT32_MAX ? INT32_MAX
                                                           : (int32_t)(len - i);

                U8_NEXT(text + i, j, avail, c);
                i += (size_t)j;
                if (c < 0) {
                    spaced = true;
                    continue;
                }
            }
            if (is_word_char(c))
                break;
            if (u_isUWhiteSpace(c) || c < 0x20)
                spaced = true;
        }
        end = i;
        while (end < len) {
            int32_t j = 0, avail = len - end > INT32_MAX ? INT32_MAX
                                                         : (int32_t)(len - end);

            U8_NEXT(text + end, j, avail, c);
            if (c < 0 || !is_word_char(c))
                break;
            end += (size_t)j;
        }
        i = end;
        if (end - start > MAX_WORD_BYTES) {
            spaced = true;
            continue;
        }
        if (!analyze_word(cache, text + start, end - start, &exact, &folded)) {
            if (exact.failed || folded.failed) {
                status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                          "out of memory");
                goto done;
            }
            spaced = true;
            continue;
        }
        /* Initialisers are not sequenced, so the count moves after. */
        cancu_token_t token = {
            .start = start,
            .end = end,
            .position = position,
            .joined = !spaced && position > 0,
            .exact = exact.data,
            .exact_len = exact.len,
            .folded = folded.data,
            .folded_len = folded.len,
        };
        position++;
        spaced = false;
        if (!cb(&token, payload))
            break;
    }
done:
    cancu_strbuf__dispose(&exact);
    cancu_strbuf__dispose(&folded);
    return status;
}
