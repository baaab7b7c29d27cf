/* The fold of the floor programs (bench/floor-index.cc, floor-search.cc):
 * a word's exact form (lower case, NFC) and its folded form (NFD, combining
 * marks dropped, đ -> d, lower case), as cancu's analyzer makes them
 * (index/analyzer.c; without its canonical tone placement, which changes
 * no term's size). With FLOOR_NO_ICU the fold is a table of the Vietnamese
 * letters instead of ICU, for a program that must not link ICU. Words are
 * what cancu takes for one: runs of letters, digits and marks. */
#ifndef FLOOR_FOLD_H
#define FLOOR_FOLD_H

#include <string>
#include <vector>

#ifndef FLOOR_NO_ICU
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#endif

namespace floor_fold
{

/* Decode one UTF-8 character at s[*i] (advancing *i); -1 when malformed. */
static inline int next_char(const std::string &s, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    int n, cp;

    if (c < 0x80) {
        (*i)++;
        return c;
    }
    if ((c & 0xE0) == 0xC0) {
        n = 1;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 2;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 3;
        cp = c & 0x07;
    } else {
        (*i)++;
        return -1;
    }
    if (*i + n >= s.size()) {
        *i = s.size();
        return -1;
    }
    for (int k = 1; k <= n; k++) {
        unsigned char d = (unsigned char)s[*i + k];
        if ((d & 0xC0) != 0x80) {
            (*i)++;
            return -1;
        }
        cp = (cp << 6) | (d & 0x3F);
    }
    *i += n + 1;
    return cp;
}

static inline void put_char(std::string &out, int cp)
{
    if (cp < 0x80) {
        out += (char)cp;
    } else if (cp < 0x800) {
        out += (char)(0xC0 | (cp >> 6));
        out += (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += (char)(0xE0 | (cp >> 12));
        out += (char)(0x80 | ((cp >> 6) & 0x3F));
        out += (char)(0x80 | (cp & 0x3F));
    } else {
        out += (char)(0xF0 | (cp >> 18));
        out += (char)(0x80 | ((cp >> 12) & 0x3F));
        out += (char)(0x80 | ((cp >> 6) & 0x3F));
        out += (char)(0x80 | (cp & 0x3F));
    }
}

#ifdef FLOOR_NO_ICU
/* The precomposed letters of Vietnamese, by their base letter, lower and
 * upper case. */
static const char *const table[][2] = {
    {"a", "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    {"e", "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
    {"i", "ìíỉĩịÌÍỈĨỊ"},
    {"o", "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {"u", "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
    {"y", "ỳýỷỹỵỲÝỶỸỴ"},
    {"d", "đĐ"},
};

static inline int fold_char(int cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0x300 && cp <= 0x36F)
        return 0; /* a combining mark (NFD input) */
    for (const auto &row : table) {
        std::string s(row[1]);
        for (size_t i = 0; i < s.size();)
            if (next_char(s, &i) == cp)
                return row[0][0];
    }
    return cp;
}

static inline bool is_word_char(int cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 &&
           !(cp >= 0x2000 && cp < 0x3000);
}

/* Without ICU the exact form is the word in lower case (ASCII and the
 * table's upper-case letters: the upper-case half of each row is the
 * lower-case half's twin, in order). */
static inline int lower_char(int cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    for (const auto &row : table) {
        std::string s(row[1]);
        std::vector<int> cps;
        for (size_t i = 0; i < s.size();)
            cps.push_back(next_char(s, &i));
        size_t half = cps.size() / 2;
        for (size_t k = half; k < cps.size(); k++)
            if (cps[k] == cp)
                return cps[k - half];
    }
    return cp;
}

static inline void fold(const std::string &w, std::string &exact,
                        std::string &folded)
{
    exact.clear();
    folded.clear();
    for (size_t i = 0; i < w.size();) {
        int cp = next_char(w, &i);
        if (cp < 0)
            continue;
        put_char(exact, lower_char(cp));
        int f = fold_char(cp);
        if (f)
            put_char(folded, f);
    }
}
#else
static inline bool is_word_char(int cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= '0' && cp <= '9');
    int8_t type = u_charType(cp);
    return u_isalnum(cp) || type == U_NON_SPACING_MARK ||
           type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

static inline void fold(const std::string &w, std::string &exact,
                        std::string &folded)
{
    bool ascii = true;
    for (unsigned char c : w)
        ascii &= c < 0x80;
    exact.clear();
    folded.clear();
    if (ascii) {
        for (char c : w)
            exact += (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        folded = exact;
        return;
    }
    UChar raw[256], lower[512], nfd[1024], nfc[1024];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8Lenient(raw, 256, &n, w.data(), (int32_t)w.size(), &err);
    if (U_FAILURE(err) || n > 256)
        return;
    int32_t ln = u_strFoldCase(lower, 512, raw, n, U_FOLD_CASE_DEFAULT, &err);
    const UNormalizer2 *d = unorm2_getNFDInstance(&err);
    const UNormalizer2 *c = unorm2_getNFCInstance(&err);
    int32_t dn = unorm2_normalize(d, lower, ln, nfd, 1024, &err);
    int32_t cn = unorm2_normalize(c, lower, ln, nfc, 1024, &err);
    if (U_FAILURE(err))
        return;
    for (int32_t k = 0; k < cn; k++)
        put_char(exact, nfc[k]); /* BMP only: Vietnamese */
    for (int32_t k = 0; k < dn; k++) {
        UChar u = nfd[k];
        if (u_getCombiningClass(u) != 0)
            continue;
        put_char(folded, u == 0x111 ? 'd' : u);
    }
}
#endif

/* Call f(word, index of its line) for each word of text; lines are split
 * on '\n'. */
template <class F> static inline void words(const std::string &text, F f)
{
    size_t i = 0, line = 0;
    std::string w;
    while (i < text.size()) {
        size_t at = i;
        int cp = next_char(text, &i);
        if (cp >= 0 && is_word_char(cp)) {
            w.append(text, at, i - at);
            continue;
        }
        if (!w.empty()) {
            f(w, line);
            w.clear();
        }
        if (cp == '\n')
            line++;
    }
    if (!w.empty())
        f(w, line);
}

} // namespace floor_fold

#endif
