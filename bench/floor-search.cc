/* The search floor of issue 16: one query against floor-index's database,
 * one process, as `cancu search` and `quest` are run by the bench.
 *
 *   floor-search [--passage] DB WORDS...   (the text in the data or in
 *                                          chunks: floor-index --text)
 *
 * The words are read as cancu search reads them: a part in double quotes
 * is a phrase. Each word is folded (floor-fold.h: ICU, or the table when
 * built with FLOOR_NO_ICU); the query is the AND of the folded words
 * (F-prefixed), a phrase an OP_PHRASE of its folded words, and a word
 * typed with marks also ranks its exact form first (OP_AND_MAYBE). Prints
 * the estimate and the top 10 document ids and weights; with --passage,
 * also what cancu must show that quest does not: each hit's text (read
 * and inflated from the document data) and the line of the first query
 * word's first position, found through the data's line table. */
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <xapian.h>
#include <zlib.h>

#include "floor-fold.h"

static unsigned get_varint(const std::string &s, size_t *i)
{
    unsigned v = 0;
    int shift = 0;
    while (*i < s.size()) {
        unsigned char c = (unsigned char)s[(*i)++];
        v |= (unsigned)(c & 0x7F) << shift;
        if (!(c & 0x80))
            break;
        shift += 7;
    }
    return v;
}

/* The chunk deflated with the preset dictionary (floor-index --dict). */
static std::string inflate_with(const std::string &dict, const std::string &z)
{
    size_t i = 0;
    std::string out(get_varint(z, &i), '\0');
    z_stream s;
    std::memset(&s, 0, sizeof s);
    if (inflateInit(&s) != Z_OK)
        return "";
    s.next_in = (Bytef *)z.data() + i;
    s.avail_in = (uInt)(z.size() - i);
    s.next_out = (Bytef *)&out[0];
    s.avail_out = (uInt)out.size();
    int rc = inflate(&s, Z_FINISH);
    if (rc == Z_NEED_DICT) {
        inflateSetDictionary(&s, (const Bytef *)dict.data(), (uInt)dict.size());
        rc = inflate(&s, Z_FINISH);
    }
    inflateEnd(&s);
    return rc == Z_STREAM_END ? out : "";
}

/* The line holding position pos: lines are 100 positions apart. The
 * text follows the line table in the data, or (after a NUL and a table of
 * the lines of each chunk) is in the documents after the plan's. */
static std::string line_at(const Xapian::Database &db, Xapian::docid did,
                           const std::string &plan, Xapian::termpos pos)
{
    std::string data = plan;
    size_t i = 0;
    unsigned lines = get_varint(data, &i);
    Xapian::termpos start = 0;
    unsigned found = lines;
    for (unsigned k = 0; k < lines; k++) {
        unsigned n = get_varint(data, &i);
        if (found == lines && pos > start && pos <= start + n)
            found = k;
        start += n + 100;
    }
    size_t at = i;
    if (i < data.size() && (data[i] == '\0' || data[i] == '\1')) {
        bool dict = data[i++] == '\1';
        unsigned chunks = get_varint(data, &i), first = 0;
        for (unsigned c = 0; c < chunks; c++) {
            unsigned n = get_varint(data, &i);
            if (found < first + n) {
                data = db.get_document(did + 1 + c).get_data();
                if (dict)
                    data = inflate_with(db.get_metadata("floor:dict"), data);
                found -= first;
                break;
            }
            first += n;
        }
        at = 0;
    }
    for (unsigned k = 0; k < found && at < data.size(); k++) {
        size_t nl = data.find('\n', at);
        at = nl == std::string::npos ? data.size() : nl + 1;
    }
    size_t end = data.find('\n', at);
    return data.substr(at,
                       end == std::string::npos ? std::string::npos : end - at);
}

int main(int argc, char **argv)
{
    bool passage = false;
    int i = 1;
    if (i < argc && std::strcmp(argv[i], "--passage") == 0) {
        passage = true;
        i++;
    }
    if (argc - i < 2) {
        std::fprintf(stderr, "usage: floor-search [--passage] DB WORDS...\n");
        return 2;
    }
    std::string db_path = argv[i++], typed;
    for (; i < argc; i++) {
        if (!typed.empty())
            typed += ' ';
        typed += argv[i];
    }
    try {
        std::vector<Xapian::Query> musts;
        std::vector<std::string> exacts, first;
        bool quoted = false;
        size_t at = 0;
        while (at <= typed.size()) {
            size_t q = typed.find('"', at);
            std::string part = typed.substr(
                at, q == std::string::npos ? std::string::npos : q - at);
            std::vector<std::string> folded;
            floor_fold::words(part, [&](const std::string &w, size_t) {
                std::string e, f;
                floor_fold::fold(w, e, f);
                if (f.empty())
                    return;
                folded.push_back("F" + f);
                if (e != f)
                    exacts.push_back(e);
            });
            if (first.empty() && !folded.empty())
                first.push_back(folded[0]);
            if (quoted && folded.size() > 1)
                musts.emplace_back(Xapian::Query::OP_PHRASE, folded.begin(),
                                   folded.end(),
                                   (Xapian::termcount)folded.size());
            else
                for (const std::string &f : folded)
                    musts.emplace_back(f);
            if (q == std::string::npos)
                break;
            quoted = !quoted;
            at = q + 1;
        }
        Xapian::Query query(Xapian::Query::OP_AND, musts.begin(), musts.end());
        if (!exacts.empty())
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                  Xapian::Query(Xapian::Query::OP_OR,
                                                exacts.begin(), exacts.end()));
        Xapian::Database db(db_path);
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        Xapian::MSet mset = enquire.get_mset(0, 10);
        std::printf("about %u matches\n", mset.get_matches_estimated());
        for (auto m = mset.begin(); m != mset.end(); ++m) {
            std::printf("%u %.4f\n", *m, m.get_weight());
            if (!passage || first.empty())
                continue;
            std::string data = m.get_document().get_data();
            auto p = db.positionlist_begin(*m, first[0]);
            if (p != db.positionlist_end(*m, first[0]))
                std::printf("  %s\n", line_at(db, *m, data, *p).c_str());
        }
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "floor-search: %s\n", e.get_description().c_str());
        return 1;
    }
    return 0;
}
