/* The legacy Vietnamese 8-bit encodings: Windows-1258, VISCII, TCVN3 (ABC)
 * and VNI-Windows. Decoding to NFC UTF-8, detection by scoring the decoded
 * text as Vietnamese syllables, and the text of DOCX runs written in a
 * legacy font. Nothing here reads files or knows about documents. */
#ifndef CANCU_INGEST_LEGACY_H
#define CANCU_INGEST_LEGACY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/* The canonical names, as cancu_legacy__detect and
 * cancu_legacy__font_encoding return them and as cancu reports them. */
#define CANCU_LEGACY_WINDOWS_1258 "windows-1258"
#define CANCU_LEGACY_VISCII "VISCII"
#define CANCU_LEGACY_TCVN3 "TCVN3"
#define CANCU_LEGACY_VNI "VNI-Windows"

/* The canonical name of the legacy encoding called 'name' (a canonical
 * name or one of the aliases "cp1258", "tcvn", "abc" and "vni", in any
 * case), or NULL when 'name' is not a legacy encoding. The returned string
 * is static. */
const char *cancu_legacy__canonical_name(const char *name);

/* Decode 'size' bytes in the legacy encoding 'name' (as accepted by
 * cancu_legacy__canonical_name) into NFC UTF-8. Bytes an encoding leaves
 * undefined become their Windows-1252 characters (TCVN3, VNI-Windows), the
 * C1 controls of ICU's table (Windows-1258) or U+FFFD (VISCII); decoding
 * never fails on the bytes themselves. In TCVN3 and VNI-Windows, bytes
 * 0x80 to 0x9F are Windows-1252 punctuation. TCVN3 has no codes for
 * capital letters with a tone mark: they come out in lower case.
 *
 * Returns CANCU_STATUS_SUCCESS; CANCU_STATUS_INVALID_ARGUMENT for an
 * unknown name; CANCU_STATUS_OUT_OF_MEMORY; and, only when the system
 * lacks them, CANCU_STATUS_UNSUPPORTED_FORMAT for a missing VISCII
 * converter (glibc iconv) and CANCU_STATUS_BAD_INPUT for missing ICU data.
 *
 * The caller owns *out (malloc'd, NUL-terminated, *out_len bytes) and
 * frees it with free(). On failure *out is NULL. */
cancu_status_t cancu_legacy__decode(char **out, size_t *out_len,
                                    const char *name, const unsigned char *data,
                                    size_t size);

/* Detect which legacy encoding 'data' (bytes that are not valid UTF-8) is
 * in. Up to 64 KiB, from the word holding the first byte outside ASCII,
 * are decoded with each candidate and scored with the rules of
 * cancu_legacy__syllable_score. A candidate needs at least 60% of its
 * Vietnamese-looking words to be valid syllables. Of those within ten
 * points of the best share, the reading with the most frequent Vietnamese
 * syllables wins (short texts can be valid in two encodings: "Sở Nội vụ"
 * in VISCII reads "Sã Nài vứ" in TCVN3); then the best share; then the
 * order TCVN3, VNI-Windows, Windows-1258, VISCII, which decides only
 * between readings of the same text.
 *
 * Returns the canonical name (a static string), or NULL when no candidate
 * reads as Vietnamese, as for random bytes or Latin-1 French or German. */
const char *cancu_legacy__detect(const unsigned char *data, size_t size);

/* The share, from 0 to 1, of the Vietnamese-looking words of the NFC UTF-8
 * 'text' that are valid Vietnamese syllables; 0 when there are none.
 *
 * Words are split at white space, ASCII punctuation and digits, and the
 * punctuation of U+2000 to U+206F. A word is Vietnamese-looking when it
 * holds a character outside ASCII; words made of consonants only (the
 * abbreviations "NĐ", "SGDĐT") are left out. A valid syllable is written in
 * lower case, upper case or with a capital first letter, or in upper case
 * but for its toned vowel (TCVN3 has no toned capitals); it is an initial
 * consonant, a vowel nucleus with its glides and a final consonant that
 * Vietnamese spelling allows together (c/k, g/gh and ng/ngh before e, ê, i;
 * qu; gi), with at most one tone mark, on a vowel, and only the acute or
 * dot-below tone before the final c, ch, p or t. Both tone placements
 * (hoá and hóa) are valid. */
double cancu_legacy__syllable_score(const char *text, size_t len);

/* The encoding that a DOCX run's font 'font' implies: "TCVN3" for the ABC
 * fonts, whose names start with ".Vn" (".VnTime", ".VnArialH"); "VNI-Windows"
 * for names starting with "VNI-" ("VNI-Times", "VNI-Helve"); "VISCII" for
 * names containing "VISCII"; otherwise NULL. Letters are compared without
 * regard to case. *capitals_out is set to true for the TCVN3 capital-only
 * fonts, whose names end in 'H' (".VnTimeH"), and to false otherwise; it
 * may be NULL. The returned string is static. */
const char *cancu_legacy__font_encoding(const char *font, bool *capitals_out);

/* Convert 'len' bytes of UTF-8, the text of a DOCX run in a legacy font,
 * to Unicode. Word stores each 8-bit code of such a font as the
 * Windows-1252 character with that code (U+0000 to U+00FF, U+20AC and the
 * others for 0x80 to 0x9F) or as the private-use symbol code U+F000 plus
 * the code; these are mapped back to bytes and decoded with 'encoding' (as
 * for cancu_legacy__decode). Other characters are kept as they are. With
 * 'capitals' the result is upper-cased by ICU's Vietnamese rules, as the
 * capital-only fonts show it.
 *
 * Returns the statuses of cancu_legacy__decode;
 * CANCU_STATUS_LIMIT_EXCEEDED when 'len' is over a quarter of INT32_MAX
 * (ICU's limit); CANCU_STATUS_BAD_INPUT when ICU cannot case or normalize
 * the text.
 *
 * The caller owns *out (malloc'd NFC UTF-8, NUL-terminated, *out_len
 * bytes) and frees it with free(). On failure *out is NULL. */
cancu_status_t cancu_legacy__decode_font_text(char **out, size_t *out_len,
                                              const char *encoding,
                                              bool capitals, const char *utf8,
                                              size_t len);

#endif
