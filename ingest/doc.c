/* Word 97-2003 plans (.doc): the compound file's streams through libgsf,
 * then the Word binary format ([MS-DOC]) read here: the FIB, the piece
 * table, the paragraph and character properties (for table cells and
 * rows, hidden text and fonts), the style sheet and the font table. The
 * text goes into the same blocks as DOCX: paragraphs, table rows of
 * cells, footnotes and endnotes after the body; field instructions never
 * appear, their results do; runs in legacy Vietnamese fonts are
 * converted as DOCX runs are. Everything read from the file is checked
 * against the streams' sizes before use.
 *
 * libgsf over a compound file reader of our own: opening the 55 readable
 * .doc of corpora/real and reading their four streams takes libgsf 45 us
 * a file, 2% of the 2.2 ms the whole extraction takes (2026-12-02), so a
 * reader of our own would save nothing worth its upkeep. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>

#include "ingest/docx-lists.h"
#include "ingest/ingest-private.h"
#include "ingest/legacy.h"

/* The FIB's magic, and the first nFib of Word 97. */
#define DOC_WIDENT 0xA5EC
#define DOC_NFIB_97 0x00C1
/* Fields nest no deeper than this in what we track. */
#define DOC_MAX_NESTING 16
/* No header table stands further into a document than this (as DOCX). */
#define DOC_HEADER_BLOCKS 12
/* A row has at most 63 cells (TDefTableOperand). */
#define DOC_MAX_CELLS 64
/* Styles a style sheet may hold, and how deep styles are based on
 * others. */
#define DOC_MAX_STYLES 4096
#define DOC_MAX_BASED_ON 16
/* Text boxes placed after their shape's paragraph; more go after the
 * body, in their order. */
#define DOC_MAX_BOXES 4096
/* Lists (LSTF) and their instances (LFO) read; real files have tens. */
#define DOC_MAX_LISTS 2048

/* Sprms the reader acts on ([MS-DOC] 2.6). */
#define SPRM_P_FINTABLE 0x2416
#define SPRM_P_FTTP 0x2417
#define SPRM_P_OUTLVL 0x2640
#define SPRM_P_ITAP 0x6649
#define SPRM_P_FINNERTTP 0x244C
#define SPRM_P_CHGTABS 0xC615
#define SPRM_P_HUGEPAPX 0x6646
#define SPRM_P_ILFO 0x460B
#define SPRM_P_ILVL 0x260A
#define SPRM_T_DEFTABLE 0xD608
#define SPRM_T_DEFTABLE10 0xD606
#define SPRM_T_HEADER 0x3404
#define SPRM_C_RMARKDEL 0x0800
#define SPRM_C_VANISH 0x083C
#define SPRM_C_FSPEC 0x0855
#define SPRM_C_SYMBOL 0x6A09
#define SPRM_C_ISTD 0x4A30
#define SPRM_C_FTC0 0x4A4F
#define SPRM_C_FTC2 0x4A51

#define NO_FONT 0xFFFF
#define NO_STYLE 0xFFFF

/* An (fc, lcb) pair of the FIB: where a structure is in the table
 * stream, and its size. */
typedef struct fc_lcb {
    uint32_t fc, lcb;
} fc_lcb_t;

typedef struct fib {
    unsigned nfib;
    bool complex, encrypted, table1;
    uint32_t ccp_text, ccp_ftn, ccp_hdd, ccp_mcr, ccp_atn, ccp_edn;
    uint32_t ccp_txbx;
    fc_lcb_t stshf, ffnd_ref, ffnd_txt, bte_chpx, bte_papx, ffn, clx;
    fc_lcb_t fend_ref, fend_txt, plf_lst, plf_lfo, spa_mom, txbx_txt;
} fib_t;

/* One row's cell: its left edge and vertical merge (TC80.vertMerge). */
typedef struct tc {
    int16_t left;
    uint8_t vmerge; /* 0 none, 1 continues the cell above, 2/3 starts */
} tc_t;

/* The paragraph properties of the text from 'start' to 'end' (FCs). */
typedef struct pap {
    uint32_t start, end;
    uint16_t istd;
    /* The list (LFO, from 1; 0 for none) and level it is numbered in. */
    uint16_t ilfo;
    uint8_t ilvl;
    bool has_list;
    bool in_table, ttp, header;
    int8_t outline; /* 1-9, or 0 */
    uint8_t ntc;
    uint32_t tc_first;
} pap_t;

/* The character properties of the text from 'start' to 'end'. */
typedef struct chp {
    uint32_t start, end;
    uint16_t ftc, istd;
    bool hidden, special;
    uint16_t symbol; /* the character of sprmCSymbol, or 0 */
} chp_t;

typedef struct style {
    char *name;
    unsigned sti;
    uint16_t base;
    uint16_t ftc; /* its own sprmCRgFtc0, or NO_FONT */
    uint16_t ilfo;
    uint8_t ilvl;
} style_t;

/* The streams and what the reader took from the table stream. */
typedef struct doc_file {
    const char *path;
    unsigned char *word, *table, *data;
    size_t word_len, table_len, data_len;
    fib_t fib;
    /* The piece table: npieces + 1 CPs, and each piece's FC. */
    uint32_t *cps, *fcs;
    bool *compressed;
    size_t npieces;
    pap_t *paps;
    size_t npaps, paps_cap;
    tc_t *tcs;
    size_t ntcs, tcs_cap;
    chp_t *chps;
    size_t nchps, chps_cap;
    style_t *styles;
    size_t nstyles;
    uint16_t default_ftc;
    /* The lists, as DOCX's numbering: an abstract list for each LSTF
     * (its lsid), a num for each LFO (its index from 1). */
    docx_package_t lists;
    char **fonts;
    size_t nfonts;
    /* Note references (CPs of the main text) and the notes' text
     * (CPs of their subdocument, one more than the notes). */
    uint32_t *fn_refs, *fn_txt, *en_refs, *en_txt;
    size_t nfn_refs, nfn_txt, nen_refs, nen_txt;
    /* The main text's shapes: their anchors' CPs and ids; the text
     * boxes: their text's CPs (one more than them) and their shapes'
     * ids. */
    uint32_t *spa_cps, *spa_ids, *txbx_cps, *txbx_ids;
    size_t nspa_cps, nspa_ids, ntxbx_cps, ntxbx_ids;
} doc_file_t;

typedef struct doc_reader {
    cancu_document_t *doc;
    doc_file_t *file;
    cancu_status_t status;

    /* "", "footnote" or "endnote", the notes' text CPs, and the block
     * each note's reference stands in. */
    const char *note;
    const uint32_t *note_txt;
    size_t nnote_txt;
    size_t *note_anchors;
    uint32_t region_start;

    size_t paragraphs;
    uint32_t p_start_cp;
    bool p_started;
    const pap_t *pap; /* the current paragraph's, or NULL */
    bool p_page_break;
    bool blank_since_block;
    cancu_strbuf_t p_text;

    /* The current run: its characters as written, and its font's
     * legacy encoding (NULL for Unicode text). */
    cancu_strbuf_t run;
    const char *run_encoding;
    bool run_capitals, legacy_seen;
    /* The properties the run's font was last found for. */
    const chp_t *font_chp;
    const pap_t *font_pap;
    bool font_known;
    size_t chp_hint, pap_hint;

    /* A high surrogate waiting for its low one. */
    uint32_t high;

    int field_depth;
    bool field_instr[DOC_MAX_NESTING];

    /* Footnote references met so far in the main text, and those of the
     * current paragraph, waiting for its block. */
    size_t fn_seen, en_seen, fn_pending, en_pending;
    size_t *fn_anchors, *en_anchors;

    /* The text boxes' paragraphs, read first into a document of their
     * own (each block's anchor the index of its box), and which boxes
     * were placed after the paragraph holding their shape. */
    cancu_document_t *boxes;
    bool *box_placed;
    /* Each box's blocks in 'boxes', from box_first[i] to box_end[i]. */
    size_t *box_first, *box_end;
    size_t nboxes, spa_next;

    /* The table being read. */
    bool table_open;
    size_t row_line;
    bool in_row, after_cell_mark;
    cancu_strbuf_t cell, cell_lines;
    char *cells[DOC_MAX_CELLS], *lines[DOC_MAX_CELLS];
    size_t ncells;
    /* The row above, for vertical merges: texts and left edges. */
    char *above[DOC_MAX_CELLS];
    int16_t above_left[DOC_MAX_CELLS];
    size_t nabove;
} doc_reader_t;

static uint16_t u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static cancu_status_t bad(const doc_file_t *f, const char *what)
{
    return cancu_error__set(CANCU_STATUS_BAD_INPUT, "%s: corrupt .doc: %s",
                            f->path, what);
}

static cancu_status_t oom_file(const doc_file_t *f)
{
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                            f->path);
}

/* ------------------------------------------------------------ FIB */

static cancu_status_t read_fib(doc_file_t *f)
{
    const unsigned char *w = f->word;
    fib_t *fib = &f->fib;
    size_t csw, cslw, lw, cb, blob;
    uint16_t flags;

    if (f->word_len < 34 || u16(w) != DOC_WIDENT)
        return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                "%s: its WordDocument stream does not start "
                                "with a Word FIB, not a Word 97-2003 "
                                "document",
                                f->path);
    fib->nfib = u16(w + 2);
    flags = u16(w + 10);
    fib->complex = flags & 0x0004;
    fib->encrypted = flags & 0x0100;
    fib->table1 = flags & 0x0200;
    if (fib->encrypted)
        return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                "%s: encrypted (password-protected) Word "
                                "document; save it without a password first",
                                f->path);
    if (fib->nfib < DOC_NFIB_97)
        return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                "%s: a Word 6.0/95 or older document (nFib "
                                "%u); save it as .docx first",
                                f->path, fib->nfib);
    if (fib->complex)
        return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                "%s: a fast-saved Word document; save it "
                                "again with fast save off, or as .docx",
                                f->path);
    csw = u16(w + 32);
    lw = 34 + 2 * csw;
    if (lw + 2 > f->word_len)
        return bad(f, "the FIB is cut short");
    cslw = u16(w + lw);
    lw += 2;
    cb = lw + 4 * cslw;
    if (cb + 2 > f->word_len)
        return bad(f, "the FIB is cut short");
    if (csw < 14 || cslw < 22)
        return bad(f, "the FIB is damaged (too few fields)");
    fib->ccp_text = u32(w + lw + 12);
    fib->ccp_ftn = u32(w + lw + 16);
    fib->ccp_hdd = u32(w + lw + 20);
    fib->ccp_mcr = u32(w + lw + 24);
    fib->ccp_atn = u32(w + lw + 28);
    fib->ccp_edn = u32(w + lw + 32);
    fib->ccp_txbx = u32(w + lw + 36);
    blob = cb + 2;
    if (u16(w + cb) < 93)
        return bad(f, "the FIB is damaged (too few fields)");
    if (blob + 93 * 8 > f->word_len)
        return bad(f, "the FIB is cut short");
#define PAIR(field, index)                                                     \
    do {                                                                       \
        fib->field.fc = u32(w + blob + 8 * (index));                           \
        fib->field.lcb = u32(w + blob + 8 * (index) + 4);                      \
    } while (0)
    PAIR(stshf, 1);
    PAIR(ffnd_ref, 2);
    PAIR(ffnd_txt, 3);
    PAIR(bte_chpx, 12);
    PAIR(bte_papx, 13);
    PAIR(ffn, 15);
    PAIR(clx, 33);
    PAIR(fend_ref, 46);
    PAIR(fend_txt, 47);
    PAIR(spa_mom, 40);
    PAIR(txbx_txt, 56);
    PAIR(plf_lst, 73);
    PAIR(plf_lfo, 74);
#undef PAIR
    return CANCU_STATUS_SUCCESS;
}

/* ------------------------------------------------------------ streams */

/* The whole stream 'name' of 'ole' into *out (malloc'd), or NULL when
 * the file has no such stream. */
static cancu_status_t read_stream(unsigned char **out, size_t *len_out,
                                  doc_file_t *f, GsfInfile *ole,
                                  const char *name, size_t file_size)
{
    GsfInput *in = gsf_infile_child_by_name(ole, name);
    gsf_off_t size;
    unsigned char *data;

    *out = NULL;
    *len_out = 0;
    if (!in)
        return CANCU_STATUS_SUCCESS;
    size = gsf_input_size(in);
    /* A stream is never larger than the file holding it. */
    if (size < 0 || (uint64_t)size > file_size) {
        g_object_unref(in);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: corrupt .doc: stream %s claims %jd "
                                "bytes, more than the file's %zu",
                                f->path, name, (intmax_t)size, file_size);
    }
    data = malloc(size ? (size_t)size : 1);
    if (!data) {
        g_object_unref(in);
        return oom_file(f);
    }
    if (size && !gsf_input_read(in, (size_t)size, data)) {
        free(data);
        g_object_unref(in);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: corrupt .doc: stream %s cannot be read "
                                "whole from the compound file",
                                f->path, name);
    }
    g_object_unref(in);
    *out = data;
    *len_out = (size_t)size;
    return CANCU_STATUS_SUCCESS;
}

/* libgsf reports damage it meets on stderr through GLib's log (as
 * "CRITICAL" assertions and warnings); the reader reports it as one line
 * of its own, so libgsf's domains are kept quiet, and the default domain
 * too, which its generic container code logs to: cancu itself logs
 * nothing through GLib. */
static void quiet(const gchar *domain, GLogLevelFlags level,
                  const gchar *message, gpointer payload)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)payload;
}

static pthread_once_t libgsf_ready = PTHREAD_ONCE_INIT;

/* Once a process, before any reader thread uses libgsf: its logging
 * quieted, and its object types registered. libgsf registers a type the
 * first time it is asked for it, unguarded: two reader threads opening
 * their first .doc at once both registered GsfInput, and one crashed
 * (34 of 40 ingests of eight .doc files). */
static void set_up_libgsf(void)
{
    static const char *const domains[] = {NULL, "libgsf", "libgsf:msole",
                                          "libgsf:utils"};

    for (size_t i = 0; i < sizeof domains / sizeof *domains; i++)
        g_log_set_handler(domains[i],
                          G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
                              G_LOG_FLAG_RECURSION,
                          quiet, NULL);
    gsf_init();
    (void)gsf_input_get_type();
    (void)gsf_infile_get_type();
    (void)gsf_input_memory_get_type();
    (void)gsf_infile_msole_get_type();
}

/* The compound file's root entry: the first entry of the directory's
 * first sector. It is the root of the directory tree, so it has no
 * siblings (MS-CFB 2.6.2: its left and right sibling ids are NOSTREAM).
 * libgsf reads a sibling of the root as a second root and, when it then
 * rejects the directory, frees neither (a leak its error path has, found
 * by fuzz_doc: fuzz/README.md); such a file is refused here before libgsf
 * sees it. A directory the header places outside the file is left to
 * libgsf, which refuses it. */
static cancu_status_t check_root_entry(const doc_file_t *f,
                                       const unsigned char *data, size_t size)
{
    enum { ROOT_LEFT = 0x44, ROOT_RIGHT = 0x48, NOSTREAM = 0xffffffffu };
    unsigned shift;
    uint64_t at;

    if (size < 512)
        return CANCU_STATUS_SUCCESS;
    shift = u16(data + 0x1e);
    if (shift < 7 || shift > 16)
        return CANCU_STATUS_SUCCESS;
    at = ((uint64_t)u32(data + 0x30) + 1) << shift;
    if (at > size || size - at < 128)
        return CANCU_STATUS_SUCCESS;
    if (u32(data + at + ROOT_LEFT) != NOSTREAM ||
        u32(data + at + ROOT_RIGHT) != NOSTREAM)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: corrupt compound file: its root "
                                "directory entry has siblings",
                                f->path);
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t open_streams(doc_file_t *f, const void *data, size_t size)
{
    GsfInput *mem;
    GsfInfile *ole;
    GError *err = NULL;
    cancu_status_t status;
    const char *table_name;

    status = check_root_entry(f, data, size);
    if (status)
        return status;
    pthread_once(&libgsf_ready, set_up_libgsf);
    mem = gsf_input_memory_new(data, (gsf_off_t)size, FALSE);
    if (!mem)
        return oom_file(f);
    ole = gsf_infile_msole_new(mem, &err);
    g_object_unref(mem);
    if (!ole) {
        status = cancu_error__set(
            CANCU_STATUS_BAD_INPUT,
            "%s: corrupt or truncated compound file (%s)", f->path,
            err && err->message ? err->message : "unreadable");
        if (err)
            g_error_free(err);
        return status;
    }
    status = read_stream(&f->word, &f->word_len, f, ole, "WordDocument", size);
    if (!status && !f->word)
        status = cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                  "%s: an Office file with no WordDocument "
                                  "stream, not a Word document",
                                  f->path);
    /* The FIB says which table stream holds the rest, and whether the
     * file can be read at all. */
    if (!status)
        status = read_fib(f);
    if (!status) {
        table_name = f->fib.table1 ? "1Table" : "0Table";
        status =
            read_stream(&f->table, &f->table_len, f, ole, table_name, size);
        if (!status && !f->table)
            status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                      "%s: corrupt .doc: its table stream "
                                      "%s is missing",
                                      f->path, table_name);
    }
    /* Large paragraph properties, where the file has them. */
    if (!status)
        status = read_stream(&f->data, &f->data_len, f, ole, "Data", size);
    g_object_unref(ole);
    return status;
}

/* The structure 'at' points to in the table stream, or NULL when it
 * reaches outside. */
static const unsigned char *in_table(const doc_file_t *f, fc_lcb_t at)
{
    if ((uint64_t)at.fc + at.lcb > f->table_len)
        return NULL;
    return f->table + at.fc;
}

/* ------------------------------------------------------------ pieces */

static cancu_status_t read_pieces(doc_file_t *f)
{
    const unsigned char *clx = in_table(f, f->fib.clx);
    size_t pos = 0, lcb = f->fib.clx.lcb, n;
    uint64_t bytes = 0;

    if (!clx || lcb == 0)
        return bad(f, "its piece table lies outside the table stream");
    for (;;) {
        if (pos >= lcb)
            return bad(f, "its piece table is missing");
        if (clx[pos] == 1) {
            size_t cb;

            if (pos + 3 > lcb)
                return bad(f, "its piece table is cut short");
            cb = u16(clx + pos + 1);
            pos += 3 + cb;
            continue;
        }
        if (clx[pos] != 2)
            return bad(f, "its piece table has an unknown entry");
        break;
    }
    if (pos + 5 > lcb)
        return bad(f, "its piece table is cut short");
    n = u32(clx + pos + 1);
    pos += 5;
    if (n > lcb - pos || n < 16 || (n - 4) % 12 != 0)
        return bad(f, "its piece table has a wrong size");
    n = (n - 4) / 12;
    f->cps = malloc((n + 1) * sizeof *f->cps);
    f->fcs = malloc((n ? n : 1) * sizeof *f->fcs);
    f->compressed = malloc((n ? n : 1) * sizeof *f->compressed);
    if (!f->cps || !f->fcs || !f->compressed)
        return oom_file(f);
    f->npieces = n;
    for (size_t i = 0; i <= n; i++) {
        f->cps[i] = u32(clx + pos + 4 * i);
        if (i && f->cps[i] < f->cps[i - 1])
            return bad(f, "its piece table is out of order");
    }
    for (size_t i = 0; i < n; i++) {
        const unsigned char *pcd = clx + pos + 4 * (n + 1) + 8 * i;
        uint32_t fc = u32(pcd + 2), len = f->cps[i + 1] - f->cps[i];
        uint64_t start, size;

        f->compressed[i] = fc & 0x40000000;
        fc &= 0x3FFFFFFF;
        start = f->compressed[i] ? fc / 2 : fc;
        size = f->compressed[i] ? len : 2 * (uint64_t)len;
        f->fcs[i] = (uint32_t)start;
        if (start + size > f->word_len)
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s: corrupt .doc: piece %zu of the "
                                    "piece table points outside the "
                                    "WordDocument stream",
                                    f->path, i + 1);
        /* Pieces never share text: more of it than the stream holds is
         * a file built to make us read the same bytes again and again. */
        bytes += size;
        if (bytes > f->word_len)
            return bad(f, "its pieces hold more text than the "
                          "WordDocument stream");
    }
    return CANCU_STATUS_SUCCESS;
}

/* ------------------------------------------------------------ sprms */

typedef void (*sprm_fn)(uint16_t sprm, const unsigned char *op, size_t len,
                        void *payload);

/* Call 'fn' for each Prl of 'len' bytes of grpprl at 'p'; stop at one
 * that does not fit. */
static void each_sprm(const unsigned char *p, size_t len, sprm_fn fn,
                      void *payload)
{
    size_t i = 0;

    while (i + 2 <= len) {
        uint16_t sprm = u16(p + i);
        size_t skip = 0, n;

        i += 2;
        switch (sprm >> 13) {
        case 0:
        case 1:
            n = 1;
            break;
        case 2:
        case 4:
        case 5:
            n = 2;
            break;
        case 3:
            n = 4;
            break;
        case 7:
            n = 3;
            break;
        default:
            if (sprm == SPRM_T_DEFTABLE || sprm == SPRM_T_DEFTABLE10) {
                /* Its size in two bytes, counting one more. */
                if (i + 2 > len || u16(p + i) == 0)
                    return;
                skip = 2;
                n = u16(p + i) - 1;
            } else {
                if (i + 1 > len)
                    return;
                if (sprm == SPRM_P_CHGTABS && p[i] == 255)
                    return;
                skip = 1;
                n = p[i];
            }
            break;
        }
        if (skip + n > len - i)
            return;
        fn(sprm, p + i + skip, n, payload);
        i += skip + n;
    }
}

static bool toggle_on(const unsigned char *op, size_t len)
{
    return len >= 1 && (op[0] == 1 || op[0] == 0x81);
}

typedef struct pap_build {
    doc_file_t *f;
    pap_t *pap;
    bool failed;
    bool huge; /* reading the grpprl that sprmPHugePapx points to */
} pap_build_t;

static void pap_sprm(uint16_t sprm, const unsigned char *op, size_t len,
                     void *payload);

/* The cells of a row, from sprmTDefTable. */
static void table_definition(pap_build_t *b, const unsigned char *op,
                             size_t len)
{
    doc_file_t *f = b->f;
    size_t ncols;

    if (len < 1)
        return;
    ncols = op[0];
    if (ncols == 0 || ncols >= DOC_MAX_CELLS || 1 + 2 * (ncols + 1) > len)
        return;
    if (f->ntcs + ncols > f->tcs_cap) {
        size_t cap = f->tcs_cap ? f->tcs_cap * 2 : 256;
        tc_t *p;

        while (cap < f->ntcs + ncols)
            cap *= 2;
        p = realloc(f->tcs, cap * sizeof *p);
        if (!p) {
            b->failed = true;
            return;
        }
        f->tcs = p;
        f->tcs_cap = cap;
    }
    b->pap->tc_first = (uint32_t)f->ntcs;
    b->pap->ntc = (uint8_t)ncols;
    for (size_t i = 0; i < ncols; i++) {
        size_t tc = 1 + 2 * (ncols + 1) + 20 * i;
        tc_t *t = &f->tcs[f->ntcs + i];

        t->left = (int16_t)u16(op + 1 + 2 * i);
        /* rgTc80 may stop short: the cells past it are plain. */
        t->vmerge = tc + 2 <= len ? (u16(op + tc) >> 5) & 3 : 0;
    }
    f->ntcs += ncols;
}

static void pap_sprm(uint16_t sprm, const unsigned char *op, size_t len,
                     void *payload)
{
    pap_build_t *b = payload;

    switch (sprm) {
    case SPRM_P_FINTABLE:
        b->pap->in_table = toggle_on(op, len);
        break;
    case SPRM_P_FTTP:
        b->pap->ttp = toggle_on(op, len);
        break;
    case SPRM_P_ITAP:
        if (len >= 4 && u32(op) > 0)
            b->pap->in_table = true;
        break;
    case SPRM_P_FINNERTTP:
        /* The end of a row of a table nested in a cell: a paragraph of
         * the outer cell. */
        break;
    case SPRM_P_ILFO:
        if (len >= 2) {
            b->pap->ilfo = u16(op);
            b->pap->has_list = true;
        }
        break;
    case SPRM_P_ILVL:
        if (len >= 1)
            b->pap->ilvl = op[0];
        break;
    case SPRM_P_OUTLVL:
        b->pap->outline = (int8_t)(len >= 1 && op[0] < 9 ? op[0] + 1 : 0);
        break;
    case SPRM_T_HEADER:
        b->pap->header = toggle_on(op, len);
        break;
    case SPRM_T_DEFTABLE:
    case SPRM_T_DEFTABLE10:
        table_definition(b, op, len);
        break;
    case SPRM_P_HUGEPAPX:
        /* Properties too large for their page (a row's cells): in the
         * Data stream, their size first. */
        if (len >= 4 && !b->huge && b->f->data) {
            uint64_t at = u32(op);

            if (at + 2 <= b->f->data_len) {
                size_t cb = u16(b->f->data + at);

                if (at + 2 + cb <= b->f->data_len) {
                    b->huge = true;
                    each_sprm(b->f->data + at + 2, cb, pap_sprm, b);
                    b->huge = false;
                }
            }
        }
        break;
    default:
        break;
    }
}

static void chp_sprm(uint16_t sprm, const unsigned char *op, size_t len,
                     void *payload)
{
    chp_t *chp = payload;

    switch (sprm) {
    case SPRM_C_RMARKDEL:
    case SPRM_C_VANISH:
        if (toggle_on(op, len))
            chp->hidden = true;
        break;
    case SPRM_C_FSPEC:
        chp->special = toggle_on(op, len);
        break;
    case SPRM_C_SYMBOL:
        if (len >= 4)
            chp->symbol = u16(op + 2);
        break;
    case SPRM_C_ISTD:
        if (len >= 2)
            chp->istd = u16(op);
        break;
    case SPRM_C_FTC0:
        if (len >= 2)
            chp->ftc = u16(op);
        break;
    case SPRM_C_FTC2:
        /* The font of characters outside ASCII, where ftc0 is not
         * given. */
        if (len >= 2 && chp->ftc == NO_FONT)
            chp->ftc = u16(op);
        break;
    default:
        break;
    }
}

static void *grow(void *items, size_t *cap, size_t count, size_t size)
{
    size_t n;
    void *p;

    if (count < *cap)
        return items;
    n = *cap ? *cap * 2 : 64;
    p = realloc(items, n * size);
    if (p)
        *cap = n;
    return p;
}

/* One 512-byte FKP of 'kind' (true for PAPX, false for CHPX). */
static cancu_status_t read_fkp(doc_file_t *f, uint32_t pn, bool papx)
{
    const unsigned char *page;
    size_t crun, entry = papx ? 13 : 1;

    if (((uint64_t)pn + 1) * 512 > f->word_len)
        return bad(f, "a page of its formatting lies outside the "
                      "WordDocument stream");
    page = f->word + (size_t)pn * 512;
    crun = page[511];
    if (4 * (crun + 1) + entry * crun > 511)
        return bad(f, "a page of its formatting has a wrong size");
    for (size_t j = 0; j < crun; j++) {
        uint32_t start = u32(page + 4 * j), end = u32(page + 4 * (j + 1));
        size_t off = 2 * (size_t)page[4 * (crun + 1) + entry * j];
        const unsigned char *props = NULL;
        size_t len = 0;

        if (off && off < 511) {
            if (papx) {
                size_t cb = page[off];

                if (cb) {
                    props = page + off + 1;
                    len = 2 * cb - 1;
                } else if (off + 1 < 511) {
                    props = page + off + 2;
                    len = 2 * (size_t)page[off + 1];
                }
            } else {
                props = page + off + 1;
                len = page[off];
            }
            if (props && (size_t)(props - page) + len > 511)
                return bad(f, "a page of its formatting has a wrong size");
        }
        if (papx) {
            pap_t *pap;
            pap_build_t b = {f, NULL, false, false};
            pap_t *p = grow(f->paps, &f->paps_cap, f->npaps, sizeof *p);

            if (!p)
                return oom_file(f);
            f->paps = p;
            pap = &f->paps[f->npaps++];
            memset(pap, 0, sizeof *pap);
            pap->start = start;
            pap->end = end;
            pap->istd = 0;
            b.pap = pap;
            if (props && len >= 2) {
                pap->istd = u16(props);
                each_sprm(props + 2, len - 2, pap_sprm, &b);
            }
            if (b.failed)
                return oom_file(f);
        } else {
            chp_t *chp;
            chp_t *p = grow(f->chps, &f->chps_cap, f->nchps, sizeof *p);

            if (!p)
                return oom_file(f);
            f->chps = p;
            chp = &f->chps[f->nchps++];
            memset(chp, 0, sizeof *chp);
            chp->start = start;
            chp->end = end;
            chp->ftc = NO_FONT;
            chp->istd = NO_STYLE;
            if (props)
                each_sprm(props, len, chp_sprm, chp);
        }
    }
    return CANCU_STATUS_SUCCESS;
}

/* The PlcBte at 'at': n + 1 FCs, then n page numbers. A page named
 * twice is read once: a file cannot make us hold more properties than
 * its pages hold. */
static cancu_status_t read_btes(doc_file_t *f, fc_lcb_t at, bool papx)
{
    const unsigned char *plc = in_table(f, at);
    size_t n, npages = f->word_len / 512 + 1;
    unsigned char *seen;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (at.lcb == 0)
        return CANCU_STATUS_SUCCESS;
    if (!plc || at.lcb < 12 || (at.lcb - 4) % 8 != 0)
        return bad(f, papx ? "its paragraph formatting has a wrong size"
                           : "its character formatting has a wrong size");
    n = (at.lcb - 4) / 8;
    seen = calloc(npages / 8 + 1, 1);
    if (!seen)
        return oom_file(f);
    for (size_t i = 0; i < n && !status; i++) {
        uint32_t pn = u32(plc + 4 * (n + 1) + 4 * i) & 0x3FFFFF;

        if (pn < npages && (seen[pn / 8] & (1u << (pn % 8))))
            continue;
        if (pn < npages)
            seen[pn / 8] |= (unsigned char)(1u << (pn % 8));
        status = read_fkp(f, pn, papx);
    }
    free(seen);
    return status;
}

/* The CPs of a PLC at 'at' whose data are 'cb' bytes each: n + 1 of
 * them, n = *count - 1 (none when absent). */
static cancu_status_t read_plc_cps(uint32_t **out, size_t *count, doc_file_t *f,
                                   fc_lcb_t at, size_t cb)
{
    const unsigned char *plc = in_table(f, at);
    size_t n;

    *out = NULL;
    *count = 0;
    if (at.lcb == 0)
        return CANCU_STATUS_SUCCESS;
    if (!plc || at.lcb < 4 || (at.lcb - 4) % (4 + cb) != 0)
        return bad(f, "its notes have a wrong size");
    n = (at.lcb - 4) / (4 + cb) + 1;
    *out = malloc(n * sizeof **out);
    if (!*out)
        return oom_file(f);
    for (size_t i = 0; i < n; i++)
        (*out)[i] = u32(plc + 4 * i);
    *count = n;
    return CANCU_STATUS_SUCCESS;
}

/* The data of a PLC whose data are 'cb' bytes each: the 32 bits at
 * 'offset' of each, n of them (none when absent). */
static cancu_status_t read_plc_ids(uint32_t **out, size_t *count, doc_file_t *f,
                                   fc_lcb_t at, size_t cb, size_t offset)
{
    const unsigned char *plc = in_table(f, at);
    size_t n;

    *out = NULL;
    *count = 0;
    if (at.lcb == 0)
        return CANCU_STATUS_SUCCESS;
    if (!plc || at.lcb < 4 || (at.lcb - 4) % (4 + cb) != 0)
        return bad(f, "its shapes or text boxes have a wrong size");
    n = (at.lcb - 4) / (4 + cb);
    *out = malloc((n ? n : 1) * sizeof **out);
    if (!*out)
        return oom_file(f);
    for (size_t i = 0; i < n; i++)
        (*out)[i] = u32(plc + 4 * (n + 1) + cb * i + offset);
    *count = n;
    return CANCU_STATUS_SUCCESS;
}

/* ------------------------------------------------------------ styles */

/* Font names from the SttbfFfn. A broken table leaves the names it
 * could not read out: they only choose how runs are decoded. */
static cancu_status_t read_fonts(doc_file_t *f)
{
    const unsigned char *p = in_table(f, f->fib.ffn);
    size_t len = f->fib.ffn.lcb, pos = 4, n;

    if (!p || len < 4)
        return CANCU_STATUS_SUCCESS;
    n = u16(p);
    if (n == 0xFFFF || n > len)
        return CANCU_STATUS_SUCCESS;
    f->fonts = calloc(n ? n : 1, sizeof *f->fonts);
    if (!f->fonts)
        return oom_file(f);
    f->nfonts = n;
    for (size_t i = 0; i < n && pos < len; i++) {
        size_t cb = p[pos], chars;
        const unsigned char *ffn = p + pos + 1;
        cancu_strbuf_t name = {0};

        if (pos + 1 + cb > len)
            break;
        pos += 1 + cb;
        if (cb < 41)
            continue;
        chars = (cb - 39) / 2;
        for (size_t k = 0; k < chars; k++) {
            uint16_t c = u16(ffn + 39 + 2 * k);

            if (!c)
                break;
            /* Font names that matter here are ASCII. */
            cancu_strbuf__putc(&name, c < 0x80 ? (char)c : '?');
        }
        if (name.failed) {
            cancu_strbuf__dispose(&name);
            return oom_file(f);
        }
        f->fonts[i] = cancu_strbuf__detach(&name);
    }
    return CANCU_STATUS_SUCCESS;
}

static void style_pap_sprm(uint16_t sprm, const unsigned char *op, size_t len,
                           void *payload)
{
    style_t *s = payload;

    if (sprm == SPRM_P_ILFO && len >= 2)
        s->ilfo = u16(op);
    else if (sprm == SPRM_P_ILVL && len >= 1)
        s->ilvl = op[0];
}

static void style_chp_sprm(uint16_t sprm, const unsigned char *op, size_t len,
                           void *payload)
{
    style_t *s = payload;

    if ((sprm == SPRM_C_FTC0 || (sprm == SPRM_C_FTC2 && s->ftc == NO_FONT)) &&
        len >= 2)
        s->ftc = u16(op);
}

/* Append code point 'c' as UTF-8 (nothing for a surrogate or past
 * U+10FFFF, as cancu_utf8__encode). Every character of the text comes
 * through here: one of the Basic Multilingual Plane, into room the
 * buffer has, is written in place, without the two calls. */
static void put_utf8(cancu_strbuf_t *buf, uint32_t c)
{
    char utf8[4];

    if (c < 0x10000 && (c < 0xD800 || c > 0xDFFF) && !buf->failed &&
        buf->cap - buf->len > 3) {
        unsigned char *p = (unsigned char *)buf->data + buf->len;

        if (c < 0x80) {
            *p++ = (unsigned char)c;
        } else if (c < 0x800) {
            *p++ = (unsigned char)(0xC0 | (c >> 6));
            *p++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            *p++ = (unsigned char)(0xE0 | (c >> 12));
            *p++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            *p++ = (unsigned char)(0x80 | (c & 0x3F));
        }
        *p = '\0';
        buf->len = (size_t)((char *)p - buf->data);
        return;
    }
    cancu_strbuf__append(buf, utf8, cancu_utf8__encode(c, utf8));
}

/* The style sheet: each style's name, built-in id, base and font. */
static cancu_status_t read_styles(doc_file_t *f)
{
    const unsigned char *p = in_table(f, f->fib.stshf);
    size_t len = f->fib.stshf.lcb, cb_stshi, pos, cstd, base_size;

    f->default_ftc = NO_FONT;
    if (!p || len < 2)
        return CANCU_STATUS_SUCCESS;
    cb_stshi = u16(p);
    if (cb_stshi < 18 || 2 + cb_stshi > len)
        return CANCU_STATUS_SUCCESS;
    cstd = u16(p + 2);
    base_size = u16(p + 4);
    f->default_ftc = u16(p + 2 + 12);
    if (cstd > DOC_MAX_STYLES || base_size < 10)
        return CANCU_STATUS_SUCCESS;
    f->styles = calloc(cstd ? cstd : 1, sizeof *f->styles);
    if (!f->styles)
        return oom_file(f);
    f->nstyles = cstd;
    pos = 2 + cb_stshi;
    for (size_t i = 0; i < cstd; i++) {
        style_t *s = &f->styles[i];
        const unsigned char *std;
        size_t cb, at, cch, cupx;
        unsigned stk;
        cancu_strbuf_t name = {0};

        s->ftc = NO_FONT;
        s->base = NO_STYLE;
        if (pos + 2 > len)
            break;
        cb = u16(p + pos);
        std = p + pos + 2;
        pos += 2 + cb;
        if (cb == 0)
            continue;
        if (pos > len || cb < base_size + 2)
            break;
        s->sti = u16(std) & 0x0FFF;
        stk = u16(std + 2) & 0x000F;
        s->base = u16(std + 2) >> 4;
        cupx = u16(std + 4) & 0x000F;
        at = base_size;
        cch = u16(std + at);
        at += 2;
        if (at + 2 * cch + 2 > cb)
            continue;
        for (size_t k = 0; k < cch; k++) {
            uint16_t c = u16(std + at + 2 * k);

            /* A lone surrogate is dropped (encode gives nothing). */
            put_utf8(&name, c ? c : ' ');
        }
        if (name.failed) {
            cancu_strbuf__dispose(&name);
            return oom_file(f);
        }
        s->name = cancu_strbuf__detach(&name);
        at += 2 * cch + 2;
        /* The UPXs: a paragraph style's PAPX, then its CHPX; a character
         * style's CHPX alone. Each starts at an even offset. */
        for (size_t u = 0; u < cupx && u < 2; u++) {
            size_t cbupx;

            at += at & 1;
            if (at + 2 > cb)
                break;
            cbupx = u16(std + at);
            at += 2;
            if (at + cbupx > cb)
                break;
            if ((stk == 1 && u == 1) || (stk == 2 && u == 0))
                each_sprm(std + at, cbupx, style_chp_sprm, s);
            else if (stk == 1 && u == 0 && cbupx >= 2)
                each_sprm(std + at + 2, cbupx - 2, style_pap_sprm, s);
            at += cbupx;
        }
    }
    return CANCU_STATUS_SUCCESS;
}

/* The font a style gives its runs, through the styles it is based on,
 * else the document's default. */
static uint16_t style_font(const doc_file_t *f, uint16_t istd)
{
    for (int depth = 0; depth < DOC_MAX_BASED_ON && istd < f->nstyles;
         depth++) {
        if (f->styles[istd].ftc != NO_FONT)
            return f->styles[istd].ftc;
        istd = f->styles[istd].base;
    }
    return f->default_ftc;
}

static const char *font_name(const doc_file_t *f, uint16_t ftc)
{
    return ftc < f->nfonts ? f->fonts[ftc] : NULL;
}

/* ------------------------------------------------------------ lists */

/* The DOCX name of a number format (nfc). */
static const char *number_format(unsigned nfc)
{
    switch (nfc) {
    case 1:
        return "upperRoman";
    case 2:
        return "lowerRoman";
    case 3:
        return "upperLetter";
    case 4:
        return "lowerLetter";
    case 23:
        return "bullet";
    case 255:
        return "none";
    default:
        return "decimal";
    }
}

/* One LVL at 'p' (of at most 'len' bytes) into 'level', DOCX's way: its
 * number text with "%1".."%9" for the levels' numbers. Its size, or 0
 * when it does not fit. */
static size_t read_level(docx_level_t *level, const unsigned char *p,
                         size_t len)
{
    size_t at, cch, n = 0;
    int32_t start;

    if (len < 30)
        return 0;
    start = (int32_t)u32(p);
    level->start = start >= 0 && start < 100000 ? start : 1;
    snprintf(level->format, sizeof level->format, "%s", number_format(p[4]));
    at = 28 + (size_t)p[24] + p[25];
    if (at + 2 > len)
        return 0;
    cch = u16(p + at);
    at += 2;
    if (at + 2 * cch > len)
        return 0;
    for (size_t k = 0; k < cch; k++) {
        uint16_t c = u16(p + at + 2 * k);
        char utf8[4];
        size_t m = 0;

        if (c < 9) {
            utf8[m++] = '%';
            utf8[m++] = (char)('1' + c);
        } else if (c < 0x80) {
            utf8[m++] = (char)c;
        } else if ((c & 0xFF00) == 0xF000 && (c & 0xFF) == '-') {
            utf8[m++] = '-'; /* a symbol font's dash */
        } else {
            m = cancu_utf8__encode(c, utf8);
        }
        if (n + m + 1 > sizeof level->text)
            break;
        memcpy(level->text + n, utf8, m);
        n += m;
    }
    level->text[n] = '\0';
    return at + 2 * cch;
}

/* The PlfLst, its LVLs after it, and the PlfLfo. A list that does not
 * read leaves its paragraphs without labels: their text is whole. */
static cancu_status_t read_lists(doc_file_t *f)
{
    const unsigned char *lst = in_table(f, f->fib.plf_lst);
    const unsigned char *lfo = in_table(f, f->fib.plf_lfo);
    docx_package_t *pkg = &f->lists;
    size_t nlst, nlfo, pos;

    if (!lst || f->fib.plf_lst.lcb < 2 || !lfo || f->fib.plf_lfo.lcb < 4)
        return CANCU_STATUS_SUCCESS;
    nlst = u16(lst);
    if (nlst > DOC_MAX_LISTS || 2 + 28 * nlst > f->fib.plf_lst.lcb)
        return CANCU_STATUS_SUCCESS;
    pkg->abstracts = calloc(nlst ? nlst : 1, sizeof *pkg->abstracts);
    if (!pkg->abstracts)
        return oom_file(f);
    pos = f->fib.plf_lst.fc + f->fib.plf_lst.lcb;
    for (size_t i = 0; i < nlst; i++) {
        const unsigned char *lstf = lst + 2 + 28 * i;
        docx_abstract_t *a = &pkg->abstracts[pkg->nabstracts];
        size_t levels = (lstf[26] & 1) ? 1 : 9, size;

        a->id = (int)u32(lstf);
        for (size_t l = 0; l < DOCX_LEVELS; l++) {
            snprintf(a->levels[l].format, sizeof a->levels[l].format, "none");
            a->levels[l].start = 1;
        }
        for (size_t l = 0; l < levels; l++) {
            size = pos < f->table_len
                       ? read_level(&a->levels[l], f->table + pos,
                                    f->table_len - pos)
                       : 0;
            if (!size)
                return CANCU_STATUS_SUCCESS;
            pos += size;
        }
        pkg->nabstracts++;
    }
    nlfo = u32(lfo);
    if (nlfo > (f->fib.plf_lfo.lcb - 4) / 16)
        return CANCU_STATUS_SUCCESS;
    /* Each label looks its list up among them all. */
    if (nlfo > DOC_MAX_LISTS)
        nlfo = DOC_MAX_LISTS;
    pkg->nums = calloc(nlfo ? nlfo : 1, sizeof *pkg->nums);
    if (!pkg->nums)
        return oom_file(f);
    for (size_t i = 0; i < nlfo; i++) {
        docx_num_t *num = &pkg->nums[pkg->nnums++];

        num->id = (int)i + 1;
        num->abstract = (int)u32(lfo + 4 + 16 * i);
        for (size_t l = 0; l < DOCX_LEVELS; l++)
            num->start_override[l] = -1;
    }
    return CANCU_STATUS_SUCCESS;
}

static void file_dispose(doc_file_t *f)
{
    cancu_docx__package_dispose(&f->lists);
    free(f->word);
    free(f->table);
    free(f->data);
    free(f->cps);
    free(f->fcs);
    free(f->compressed);
    free(f->paps);
    free(f->tcs);
    free(f->chps);
    for (size_t i = 0; i < f->nstyles; i++)
        free(f->styles[i].name);
    free(f->styles);
    for (size_t i = 0; i < f->nfonts; i++)
        free(f->fonts[i]);
    free(f->fonts);
    free(f->fn_refs);
    free(f->fn_txt);
    free(f->en_refs);
    free(f->en_txt);
    free(f->spa_cps);
    free(f->spa_ids);
    free(f->txbx_cps);
    free(f->txbx_ids);
}

/* ------------------------------------------------------------ reading */

/* Building failed: out of memory, or a limit on the document's size. */
static cancu_status_t oom(doc_reader_t *r)
{
    if (!r->status)
        r->status = cancu_document__build_failure(r->doc);
    return r->status;
}

static bool over_limit(doc_reader_t *r, size_t len)
{
    if (len <= CANCU_MAX_PARAGRAPH_BYTES)
        return false;
    if (!r->status)
        r->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: paragraph %zu is over the limit of %zu bytes", r->doc->path,
            r->paragraphs, CANCU_MAX_PARAGRAPH_BYTES);
    return true;
}

/* The properties whose FC range holds 'fc': a binary search, after a
 * look at the last one found. */
#define FIND_RUN(items, count, hint, fc)                                       \
    do {                                                                       \
        size_t lo_ = 0, hi_ = (count);                                         \
        if (*(hint) < (count) && (items)[*(hint)].start <= (fc) &&             \
            (fc) < (items)[*(hint)].end)                                       \
            return &(items)[*(hint)];                                          \
        while (lo_ < hi_) {                                                    \
            size_t mid_ = lo_ + (hi_ - lo_) / 2;                               \
            if ((items)[mid_].end <= (fc))                                     \
                lo_ = mid_ + 1;                                                \
            else if ((items)[mid_].start > (fc))                               \
                hi_ = mid_;                                                    \
            else {                                                             \
                *(hint) = mid_;                                                \
                return &(items)[mid_];                                         \
            }                                                                  \
        }                                                                      \
        return NULL;                                                           \
    } while (0)

static const pap_t *find_pap(doc_reader_t *r, uint32_t fc)
{
    FIND_RUN(r->file->paps, r->file->npaps, &r->pap_hint, fc);
}

static const chp_t *find_chp(doc_reader_t *r, uint32_t fc)
{
    FIND_RUN(r->file->chps, r->file->nchps, &r->chp_hint, fc);
}

/* The run so far reaches its paragraph, converted from its legacy font
 * when it has one. */
static void flush_run(doc_reader_t *r)
{
    if (r->run.failed) {
        oom(r);
        return;
    }
    if (!r->run.len)
        return;
    if (r->run_encoding) {
        char *converted = NULL;
        size_t len = 0;
        cancu_status_t status = cancu_legacy__decode_font_text(
            &converted, &len, r->run_encoding, r->run_capitals, r->run.data,
            r->run.len);

        if (status) {
            r->status = status;
        } else if (!over_limit(r, r->p_text.len + len)) {
            cancu_strbuf__append(&r->p_text, converted, len);
            /* The first legacy font names the document's encoding. */
            if (!r->legacy_seen)
                r->doc->encoding = r->run_encoding;
            r->legacy_seen = true;
        }
        free(converted);
    } else if (!over_limit(r, r->p_text.len + r->run.len)) {
        cancu_strbuf__append(&r->p_text, r->run.data, r->run.len);
    }
    cancu_strbuf__clear(&r->run);
}

/* The run's font: its own, its character style's, its paragraph
 * style's, or the document's. */
static void set_run_font(doc_reader_t *r, const chp_t *chp)
{
    const doc_file_t *f = r->file;
    uint16_t ftc = NO_FONT;
    const char *encoding = NULL;
    bool capitals = false;

    if (r->font_known && chp == r->font_chp && r->pap == r->font_pap)
        return;
    r->font_known = true;
    r->font_chp = chp;
    r->font_pap = r->pap;

    if (chp && chp->ftc != NO_FONT)
        ftc = chp->ftc;
    if (ftc == NO_FONT && chp && chp->istd != NO_STYLE &&
        chp->istd < f->nstyles)
        ftc = style_font(f, chp->istd);
    if (ftc == NO_FONT)
        ftc = style_font(f, r->pap ? r->pap->istd : 0);
    if (font_name(f, ftc))
        encoding = cancu_legacy__font_encoding(font_name(f, ftc), &capitals);
    if (encoding != r->run_encoding || capitals != r->run_capitals) {
        flush_run(r);
        r->run_encoding = encoding;
        r->run_capitals = capitals;
    }
}

/* NFC of a finished paragraph or cell, trimmed (as DOCX). */
static char *finish_text(doc_reader_t *r, const cancu_strbuf_t *buf,
                         size_t *len_out)
{
    const char *s = cancu_strbuf__cstr(buf);
    size_t len = buf->len;
    char *out = NULL;

    if (buf->failed) {
        oom(r);
        return NULL;
    }
    while (len && strchr(" \t\n", *s)) {
        s++;
        len--;
    }
    while (len && strchr(" \t\n", s[len - 1]))
        len--;
    if (cancu_normalize__nfc(&out, len_out, s, len)) {
        r->status =
            cancu_error__set(CANCU_STATUS_BAD_INPUT,
                             "%s: text cannot be normalized", r->doc->path);
        return NULL;
    }
    return out;
}

/* The note references of the paragraph just read point at 'block'. */
static void resolve_anchors(doc_reader_t *r, size_t block)
{
    for (; r->fn_pending < r->fn_seen; r->fn_pending++)
        if (r->fn_anchors)
            r->fn_anchors[r->fn_pending] = block;
    for (; r->en_pending < r->en_seen; r->en_pending++)
        if (r->en_anchors)
            r->en_anchors[r->en_pending] = block;
}

/* The note the current paragraph belongs to, and so its anchor. */
static size_t note_anchor(const doc_reader_t *r)
{
    uint32_t rel = r->p_start_cp - r->region_start;
    size_t i = 0, lo = 0, hi;

    if (!r->note_txt || r->nnote_txt < 2)
        return SIZE_MAX;
    /* The last note starting at or before the paragraph (a binary
     * search: a file may hold millions of notes). */
    hi = r->nnote_txt - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (r->note_txt[mid + 1] <= rel)
            lo = mid + 1;
        else
            hi = mid;
    }
    i = lo;
    return r->note_anchors && i + 1 < r->nnote_txt ? r->note_anchors[i]
                                                   : SIZE_MAX;
}

static void describe_block(doc_reader_t *r)
{
    struct cancu_block *b = cancu_document__last_block(r->doc);
    const doc_file_t *f = r->file;
    const style_t *style =
        r->pap && r->pap->istd < f->nstyles ? &f->styles[r->pap->istd] : NULL;

    if (!b)
        return;
    if (style && style->name) {
        b->style = cancu_arena__strdup(r->doc->arena, style->name);
        if (!b->style)
            oom(r);
        /* Built-in styles 1 to 9 are the headings. */
        if (style->sti >= 1 && style->sti <= 9)
            b->heading_level = (int)style->sti;
    }
    if (r->pap && r->pap->outline)
        b->heading_level = r->pap->outline;
    if (*r->note) {
        b->note = r->note;
        b->anchor = note_anchor(r);
    }
}

static void emit_paragraph(doc_reader_t *r, const char *text, size_t len,
                           const char *label)
{
    struct cancu_block *b;

    if (!len)
        return;
    if (!cancu_document__add_paragraph(r->doc, text, len, r->paragraphs)) {
        oom(r);
        return;
    }
    describe_block(r);
    b = cancu_document__last_block(r->doc);
    if (b && label && *label) {
        b->label = cancu_arena__strdup(r->doc->arena, label);
        if (!b->label)
            oom(r);
    }
}

/* The list label Word draws before the current paragraph, if it is
 * numbered: its own list, else its style's. */
static void paragraph_label(doc_reader_t *r, char *out, size_t cap)
{
    doc_file_t *f = r->file;
    const pap_t *pap = r->pap;
    const style_t *style =
        pap && pap->istd < f->nstyles ? &f->styles[pap->istd] : NULL;
    int ilfo = pap && pap->has_list ? pap->ilfo : style ? style->ilfo : 0;
    int ilvl = pap && pap->has_list ? pap->ilvl : style ? style->ilvl : 0;

    out[0] = '\0';
    /* 2047 and above say "no list" (ilfo's special values). */
    if (ilfo <= 0 || ilfo >= 2047)
        return;
    if (!cancu_docx__next_label(&f->lists, ilfo, ilvl, out, cap))
        out[0] = '\0';
}

static void free_cells(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(cells[i]);
        cells[i] = NULL;
    }
}

static void close_table(doc_reader_t *r)
{
    r->table_open = false;
    free_cells(r->above, r->nabove);
    r->nabove = 0;
    free_cells(r->cells, r->ncells);
    free_cells(r->lines, r->ncells);
    r->ncells = 0;
    r->in_row = false;
}

/* A cell's last paragraph was read: the cell joins the row. */
static void end_cell(doc_reader_t *r)
{
    char *text, *lines;
    size_t len;

    text = finish_text(r, &r->cell, &len);
    if (!text)
        return;
    /* Its paragraphs by lines, near the top only (the header's cells). */
    if (r->doc->nblocks <= DOC_HEADER_BLOCKS && r->cell_lines.len &&
        memchr(r->cell_lines.data, '\n', r->cell_lines.len))
        lines = finish_text(r, &r->cell_lines, &len);
    else
        lines = strdup("");
    cancu_strbuf__clear(&r->cell);
    cancu_strbuf__clear(&r->cell_lines);
    if (!lines) {
        free(text);
        oom(r);
        return;
    }
    /* Past the most a row can have, the cell's text goes to the last. */
    if (r->ncells == DOC_MAX_CELLS) {
        free(text);
        free(lines);
        return;
    }
    r->cells[r->ncells] = text;
    r->lines[r->ncells] = lines;
    r->ncells++;
}

/* The row mark: the cells read make a row of the table. */
static void end_row(doc_reader_t *r, const pap_t *pap)
{
    const tc_t *tcs = pap && pap->ntc ? r->file->tcs + pap->tc_first : NULL;
    size_t ntc = tcs ? pap->ntc : 0;
    size_t lens[DOC_MAX_CELLS];
    bool merged[DOC_MAX_CELLS];

    r->in_row = false;
    if (!r->ncells)
        return;
    for (size_t i = 0; i < r->ncells; i++) {
        merged[i] = false;
        /* A continued vertical merge reads as the cell it continues: the
         * one above whose left edge is the same. */
        if (i < ntc && tcs[i].vmerge == 1 && !*r->cells[i]) {
            for (size_t k = 0; k < r->nabove; k++) {
                char *copy;

                if (r->above_left[k] != tcs[i].left)
                    continue;
                copy = strdup(r->above[k]);
                if (!copy) {
                    oom(r);
                    return;
                }
                free(r->cells[i]);
                r->cells[i] = copy;
                merged[i] = true;
                break;
            }
        }
        lens[i] = strlen(r->cells[i]);
    }
    if (!r->table_open) {
        if (!cancu_document__begin_table(r->doc, r->row_line)) {
            oom(r);
            return;
        }
        cancu_document__last_block(r->doc)->blank_before = r->blank_since_block;
        r->blank_since_block = false;
        r->table_open = true;
    }
    if (!cancu_document__add_row(r->doc, (const char *const *)r->cells, lens,
                                 r->ncells, r->row_line)) {
        oom(r);
        return;
    }
    cancu_document__mark_row(r->doc, pap && pap->header, merged, r->ncells);
    for (size_t i = 0; i < r->ncells; i++)
        if (*r->lines[i] && !merged[i] &&
            !cancu_document__set_cell_lines(r->doc, i, r->lines[i],
                                            strlen(r->lines[i])))
            oom(r);
    free_cells(r->lines, r->ncells);
    /* This row is the one above the next. */
    free_cells(r->above, r->nabove);
    for (size_t i = 0; i < r->ncells; i++) {
        r->above[i] = r->cells[i];
        r->above_left[i] = i < ntc ? tcs[i].left : INT16_MIN;
        r->cells[i] = NULL;
    }
    r->nabove = r->ncells;
    r->ncells = 0;
}

static void reset_paragraph(doc_reader_t *r)
{
    cancu_strbuf__clear(&r->p_text);
    r->p_started = false;
    r->p_page_break = false;
    r->pap = NULL;
}

/* The paragraphs of text box 'box', as paragraphs after the current
 * one, or as more of the current cell's text. */
static void emit_box(doc_reader_t *r, size_t box, bool in_cell)
{
    r->box_placed[box] = true;
    for (size_t b = r->box_first[box]; b < r->box_end[box]; b++) {
        const struct cancu_block *blk = &r->boxes->blocks[b];
        size_t len;

        if (blk->kind != CANCU_BLOCK_PARAGRAPH || blk->anchor != box)
            continue;
        len = strlen(blk->text);
        if (in_cell) {
            if (r->cell.len)
                cancu_strbuf__putc(&r->cell, ' ');
            if (r->cell_lines.len)
                cancu_strbuf__putc(&r->cell_lines, '\n');
            cancu_strbuf__append(&r->cell, blk->text, len);
            cancu_strbuf__append(&r->cell_lines, blk->text, len);
        } else if (!cancu_document__add_paragraph(r->doc, blk->text, len,
                                                  r->paragraphs)) {
            oom(r);
            return;
        }
    }
}

/* The text boxes whose shapes stand in the main text up to CP 'to', in
 * the paragraph just read (DOCX reads a box after its anchor's
 * paragraph). */
static void place_boxes(doc_reader_t *r, uint32_t to, bool in_cell)
{
    const doc_file_t *f = r->file;
    size_t nspa = f->nspa_ids < f->nspa_cps ? f->nspa_ids : f->nspa_cps;

    if (!r->boxes || *r->note)
        return;
    for (; r->spa_next < nspa && f->spa_cps[r->spa_next] <= to; r->spa_next++) {
        if (r->spa_next >= DOC_MAX_BOXES)
            continue;
        for (size_t i = 0; i < r->nboxes; i++)
            if (!r->box_placed[i] &&
                f->txbx_ids[i] == f->spa_ids[r->spa_next]) {
                emit_box(r, i, in_cell);
                break;
            }
    }
}

/* A paragraph mark (0x0D) or a cell or row mark (0x07) at 'fc', CP
 * 'cp'. */
static void end_paragraph(doc_reader_t *r, uint32_t fc, uint32_t cp,
                          bool cell_mark)
{
    const pap_t *pap;
    size_t len, first_block;
    char *text, label[64] = "";

    flush_run(r);
    if (r->status)
        return;
    pap = find_pap(r, fc);
    if (pap)
        r->pap = pap;
    /* The row mark: by its properties (fTtp); in a file without them, a
     * cell mark alone in its paragraph right after another. */
    if (cell_mark &&
        ((pap && pap->ttp) || (!(pap && pap->in_table) && r->after_cell_mark &&
                               !r->p_text.len && r->ncells))) {
        r->after_cell_mark = false;
        place_boxes(r, cp, false);
        end_row(r, pap);
        resolve_anchors(r,
                        r->table_open ? r->doc->nblocks - 1 : r->doc->nblocks);
        reset_paragraph(r);
        return;
    }
    text = finish_text(r, &r->p_text, &len);
    if (!text)
        return;
    if (len)
        paragraph_label(r, label, sizeof label);
    first_block = r->doc->nblocks;
    if (cell_mark || (pap && pap->in_table)) {
        /* Paragraphs of one cell read as one line, as Word saves text;
         * a numbered one keeps its label. */
        if (len) {
            if (r->cell.len)
                cancu_strbuf__putc(&r->cell, ' ');
            if (r->cell_lines.len)
                cancu_strbuf__putc(&r->cell_lines, '\n');
            if (*label) {
                cancu_strbuf__puts(&r->cell, label);
                cancu_strbuf__putc(&r->cell, ' ');
            }
            cancu_strbuf__append(&r->cell, text, len);
            cancu_strbuf__append(&r->cell_lines, text, len);
        }
        if (!r->in_row) {
            r->in_row = true;
            r->row_line = r->paragraphs;
        }
        place_boxes(r, cp, true);
        resolve_anchors(r, r->table_open ? first_block - 1 : first_block);
        if (cell_mark)
            end_cell(r);
    } else {
        if (r->table_open || r->in_row)
            close_table(r);
        /* A line break ends a line as in TXT: each line a paragraph. */
        for (char *line = text; line && *line;) {
            char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);

            emit_paragraph(r, line, n, line == text ? label : NULL);
            line = nl ? nl + 1 : NULL;
        }
        if (r->doc->nblocks > first_block)
            r->blank_since_block = false;
        else if (!r->p_page_break)
            r->blank_since_block = true;
        resolve_anchors(r, r->doc->nblocks > first_block
                               ? first_block
                               : (first_block ? first_block - 1 : 0));
        place_boxes(r, cp, false);
    }
    free(text);
    reset_paragraph(r);
    r->after_cell_mark = cell_mark;
}

static bool suppressed(const doc_reader_t *r)
{
    for (int i = 0; i < r->field_depth && i < DOC_MAX_NESTING; i++)
        if (r->field_instr[i])
            return true;
    return false;
}

/* The main text's note references at 'cp'. */
static void note_references(doc_reader_t *r, uint32_t cp)
{
    const doc_file_t *f = r->file;
    size_t nfn = f->nfn_refs ? f->nfn_refs - 1 : 0;
    size_t nen = f->nen_refs ? f->nen_refs - 1 : 0;

    while (r->fn_seen < nfn && f->fn_refs[r->fn_seen] <= cp)
        r->fn_seen++;
    while (r->en_seen < nen && f->en_refs[r->en_seen] <= cp)
        r->en_seen++;
}

static void on_char(doc_reader_t *r, uint32_t c, uint32_t fc, uint32_t cp)
{
    const chp_t *chp;

    if (!r->p_started) {
        r->p_started = true;
        r->p_start_cp = cp;
        r->paragraphs++;
        r->pap = find_pap(r, fc);
    }
    if (!*r->note)
        note_references(r, cp);
    switch (c) {
    case 0x13:
        if (r->field_depth < DOC_MAX_NESTING)
            r->field_instr[r->field_depth] = true;
        r->field_depth++;
        return;
    case 0x14:
        if (r->field_depth > 0 && r->field_depth <= DOC_MAX_NESTING)
            r->field_instr[r->field_depth - 1] = false;
        return;
    case 0x15:
        if (r->field_depth > 0)
            r->field_depth--;
        return;
    case 0x0D:
        end_paragraph(r, fc, cp, false);
        return;
    case 0x07:
        end_paragraph(r, fc, cp, true);
        return;
    default:
        break;
    }
    if (suppressed(r))
        return;
    chp = find_chp(r, fc);
    if (chp && chp->hidden)
        return;
    if (chp && chp->special) {
        /* A symbol font's character; private-use codes (F0xx) are the
         * font's own glyphs, which as bullets read as "•". */
        if (c != 0x28 || !chp->symbol)
            return;
        c = chp->symbol >= 0xF000 && chp->symbol <= 0xF0FF ? 0x2022
                                                           : chp->symbol;
    }
    switch (c) {
    case 0x09:
        break;
    case 0x0B:
    case 0x0E:
        c = '\n';
        break;
    case 0x0C:
        c = '\n';
        r->p_page_break = true;
        break;
    case 0x1E:
        c = '-';
        break;
    default:
        if (c < 0x20)
            return;
        break;
    }
    set_run_font(r, chp);
    if (over_limit(r, r->run.len + r->p_text.len))
        return;
    put_utf8(&r->run, c);
}

/* Bytes 0x80 to 0x9F of 8-bit pieces that are not the same code point
 * ([MS-DOC] 2.4.1): Windows-1252's, but for the five it leaves
 * undefined and Ž, ž. */
static const uint16_t compressed_c1[32] = {
    0x0080, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x008E, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x009E, 0x0178,
};

/* The characters from CP 'cp' of piece 'i', before 'to', that on_char
 * would only add to the run as they are: printable, in the character
 * properties last found (of the run's font as last set), outside
 * fields, in a paragraph begun, the run under the paragraph's limit.
 * Added here without on_char's steps for each; returns the CP after
 * them ('cp' when there are none). */
static uint64_t plain_chars(doc_reader_t *r, size_t i, uint64_t cp, uint64_t to)
{
    const doc_file_t *f = r->file;
    bool wide = !f->compressed[i];
    uint32_t k = (uint32_t)(cp - f->cps[i]);
    uint32_t fc = f->fcs[i] + (wide ? 2 * k : k);
    const chp_t *chp;
    uint64_t from = cp;

    if (!r->p_started || r->field_depth || r->high || r->chp_hint >= f->nchps)
        return cp;
    chp = &f->chps[r->chp_hint];
    if (chp->start > fc || fc >= chp->end || chp->hidden || chp->special ||
        !r->font_known || chp != r->font_chp || r->pap != r->font_pap)
        return cp;
    for (; cp < to; cp++, fc += wide ? 2 : 1) {
        uint32_t c;

        if (wide) {
            c = u16(f->word + fc);
            if (c >= 0xD800 && c <= 0xDFFF)
                break;
        } else {
            c = f->word[fc];
            if (c >= 0x80 && c < 0xA0)
                c = compressed_c1[c - 0x80];
        }
        if (c < 0x20 || fc >= chp->end ||
            r->run.len + r->p_text.len > CANCU_MAX_PARAGRAPH_BYTES)
            break;
        put_utf8(&r->run, c);
    }
    if (cp > from && !*r->note)
        note_references(r, (uint32_t)(cp - 1));
    return cp;
}

/* Read the characters from CP 'start' to 'end' through the pieces. */
static void walk(doc_reader_t *r, uint64_t start, uint64_t end)
{
    const doc_file_t *f = r->file;

    r->high = 0;
    for (size_t i = 0; i < f->npieces && !r->status; i++) {
        uint64_t from = f->cps[i] > start ? f->cps[i] : start;
        uint64_t to = f->cps[i + 1] < end ? f->cps[i + 1] : end;

        for (uint64_t cp = from; cp < to && !r->status; cp++) {
            uint64_t next = plain_chars(r, i, cp, to);
            size_t k;
            uint32_t c, fc;

            if (next > cp) {
                cp = next - 1;
                continue;
            }
            k = (size_t)(cp - f->cps[i]);
            if (f->compressed[i]) {
                fc = f->fcs[i] + (uint32_t)k;
                c = f->word[fc];
                if (c >= 0x80 && c < 0xA0)
                    c = compressed_c1[c - 0x80];
            } else {
                fc = f->fcs[i] + 2 * (uint32_t)k;
                c = u16(f->word + fc);
                if (c >= 0xD800 && c <= 0xDBFF) {
                    r->high = c;
                    continue;
                }
                if (c >= 0xDC00 && c <= 0xDFFF) {
                    c = r->high ? 0x10000 + ((r->high - 0xD800) << 10) +
                                      (c - 0xDC00)
                                : 0xFFFD;
                } else if (r->high) {
                    on_char(r, 0xFFFD, fc, (uint32_t)cp);
                }
                r->high = 0;
            }
            on_char(r, c, fc, (uint32_t)cp);
        }
    }
    /* A row whose mark never came, then text left without its mark, at
     * the end of the part. */
    if (!r->status && r->ncells)
        end_row(r, NULL);
    if (!r->status && (r->p_text.len || r->run.len)) {
        if (r->in_row)
            close_table(r);
        end_paragraph(r, UINT32_MAX, (uint32_t)(end ? end - 1 : 0), false);
    }
    if (r->table_open || r->in_row)
        close_table(r);
    r->field_depth = 0;
}

static void reader_dispose(doc_reader_t *r)
{
    cancu_document_destroy(r->boxes);
    free(r->box_placed);
    free(r->box_first);
    free(r->box_end);
    cancu_strbuf__dispose(&r->p_text);
    cancu_strbuf__dispose(&r->run);
    cancu_strbuf__dispose(&r->cell);
    cancu_strbuf__dispose(&r->cell_lines);
    close_table(r);
    free(r->fn_anchors);
    free(r->en_anchors);
}

static size_t *new_anchors(size_t n)
{
    size_t *a = malloc((n ? n : 1) * sizeof *a);

    if (a)
        for (size_t i = 0; i < n; i++)
            a[i] = SIZE_MAX;
    return a;
}

static cancu_status_t read_file_structures(doc_file_t *f)
{
    cancu_status_t status = read_pieces(f);

    if (!status)
        status = read_btes(f, f->fib.bte_papx, true);
    if (!status)
        status = read_btes(f, f->fib.bte_chpx, false);
    if (!status)
        status = read_styles(f);
    if (!status)
        status = read_fonts(f);
    if (!status)
        status = read_lists(f);
    if (!status)
        status = read_plc_cps(&f->fn_refs, &f->nfn_refs, f, f->fib.ffnd_ref, 2);
    if (!status)
        status = read_plc_cps(&f->fn_txt, &f->nfn_txt, f, f->fib.ffnd_txt, 0);
    if (!status)
        status = read_plc_cps(&f->en_refs, &f->nen_refs, f, f->fib.fend_ref, 2);
    if (!status)
        status = read_plc_cps(&f->en_txt, &f->nen_txt, f, f->fib.fend_txt, 0);
    /* Shapes (FSPA: the shape's id first) and text boxes (FTXBXS: the
     * shape's id, lid, at 14). */
    if (!status)
        status = read_plc_cps(&f->spa_cps, &f->nspa_cps, f, f->fib.spa_mom, 26);
    if (!status)
        status =
            read_plc_ids(&f->spa_ids, &f->nspa_ids, f, f->fib.spa_mom, 26, 0);
    if (!status)
        status =
            read_plc_cps(&f->txbx_cps, &f->ntxbx_cps, f, f->fib.txbx_txt, 22);
    if (!status)
        status = read_plc_ids(&f->txbx_ids, &f->ntxbx_ids, f, f->fib.txbx_txt,
                              22, 14);
    return status;
}

/* The text boxes' story (from CP 'start') read by a reader of its own
 * into r->boxes, each paragraph's anchor its box; their legacy fonts,
 * fields and hidden text are read as the body's. */
static cancu_status_t read_boxes(doc_reader_t *r, cancu_document_t *doc,
                                 uint64_t start)
{
    const doc_file_t *f = r->file;
    doc_reader_t t;
    size_t n = f->ntxbx_ids, *index;
    cancu_status_t status;

    if (!f->fib.ccp_txbx || !n || f->ntxbx_cps < n + 1)
        return CANCU_STATUS_SUCCESS;
    if (n > DOC_MAX_BOXES)
        n = DOC_MAX_BOXES;
    r->boxes = cancu_document__new(doc->path, "doc");
    r->box_placed = calloc(n, sizeof *r->box_placed);
    r->box_first = calloc(n, sizeof *r->box_first);
    r->box_end = calloc(n, sizeof *r->box_end);
    index = malloc(n * sizeof *index);
    if (!r->boxes || !r->box_placed || !r->box_first || !r->box_end || !index) {
        free(index);
        return oom_file(r->file);
    }
    r->boxes->encoding = doc->encoding;
    r->nboxes = n;
    for (size_t i = 0; i < n; i++)
        index[i] = i;
    memset(&t, 0, sizeof t);
    t.doc = r->boxes;
    t.file = r->file;
    t.note = "textbox";
    t.note_txt = f->txbx_cps;
    t.nnote_txt = n + 1;
    t.note_anchors = index;
    t.region_start = (uint32_t)start;
    walk(&t, start, start + f->fib.ccp_txbx);
    status = t.status;
    if (t.legacy_seen && !r->legacy_seen) {
        doc->encoding = r->boxes->encoding;
        r->legacy_seen = true;
    }
    reader_dispose(&t);
    free(index);
    if (status)
        return status;
    /* Each box's blocks, which the story gives in the boxes' order. */
    for (size_t b = r->boxes->nblocks; b-- > 0;) {
        size_t box = r->boxes->blocks[b].anchor;

        if (box < n) {
            if (!r->box_end[box])
                r->box_end[box] = b + 1;
            r->box_first[box] = b;
        }
    }
    return CANCU_STATUS_SUCCESS;
}

/* The body, then the footnotes, then the endnotes, each note's
 * paragraphs linked to the block that refers to it. */
static cancu_status_t read_text(cancu_document_t *doc, doc_file_t *f)
{
    const fib_t *fib = &f->fib;
    doc_reader_t r;
    uint64_t ftn = fib->ccp_text, hdd = ftn + fib->ccp_ftn;
    uint64_t atn = hdd + fib->ccp_hdd + fib->ccp_mcr;
    uint64_t edn = atn + fib->ccp_atn;
    cancu_status_t status;

    memset(&r, 0, sizeof r);
    r.doc = doc;
    r.file = f;
    r.note = "";
    r.fn_anchors = new_anchors(f->nfn_refs);
    r.en_anchors = new_anchors(f->nen_refs);
    if (!r.fn_anchors || !r.en_anchors) {
        reader_dispose(&r);
        return oom_file(f);
    }
    status = read_boxes(&r, doc, edn + fib->ccp_edn);
    if (status) {
        reader_dispose(&r);
        return status;
    }
    walk(&r, 0, ftn);
    /* Boxes whose shape was not found: after the body, in their order. */
    for (size_t i = 0; !r.status && i < r.nboxes; i++)
        if (!r.box_placed[i])
            emit_box(&r, i, false);
    if (!r.status && fib->ccp_ftn) {
        r.note = "footnote";
        r.note_txt = f->fn_txt;
        r.nnote_txt = f->nfn_txt;
        r.note_anchors = r.fn_anchors;
        r.region_start = (uint32_t)ftn;
        walk(&r, ftn, hdd);
    }
    if (!r.status && fib->ccp_edn) {
        r.note = "endnote";
        r.note_txt = f->en_txt;
        r.nnote_txt = f->nen_txt;
        r.note_anchors = r.en_anchors;
        r.region_start = (uint32_t)edn;
        walk(&r, edn, edn + fib->ccp_edn);
    }
    status = r.status;
    reader_dispose(&r);
    return status;
}

cancu_status_t cancu_doc__read(cancu_document_t *doc, const void *data,
                               size_t size)
{
    doc_file_t f;
    cancu_status_t status;

    memset(&f, 0, sizeof f);
    f.path = doc->path;
    status = open_streams(&f, data, size);
    if (!status)
        status = read_file_structures(&f);
    /* Text all in 8-bit pieces is Windows-1252; else UTF-16LE. */
    if (!status) {
        bool all_8bit = f.npieces > 0;

        for (size_t i = 0; i < f.npieces; i++)
            all_8bit = all_8bit && f.compressed[i];
        doc->encoding = all_8bit ? "windows-1252" : "UTF-16LE";
        status = read_text(doc, &f);
    }
    file_dispose(&f);
    if (!status && doc->nblocks == 0)
        status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                  "%s: .doc has no text", doc->path);
    return status;
}
