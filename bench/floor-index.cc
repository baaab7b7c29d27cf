/* The size floor of issue 16: the least a Xapian 1.4 glass database can
 * hold while keeping what cancu's answers need, built from the TXT twins
 * of generated plans (bench/floor-archive.sh runs it).
 *
 *   floor-index [OPTIONS] OUT-DB TXT-DIR
 *     --text data|deflate|value|chunks|none  where the plan's text goes
 *                        (data: in the document data, compressed by Xapian;
 *                        deflate: our own zlib level 9 of the whole text in
 *                        the data; value: in value slot 0; chunks: in
 *                        documents of their own without terms, whole lines
 *                        of about --chunk-bytes (4096) each, compressed one
 *                        by one by Xapian, right after their plan's
 *                        document; none: not kept)
 *     --exact all|marked|none  exact (as typed) terms, without positions:
 *                        for every word, only for words with marks, none
 *     --chunk-bytes N    the size of a chunk
 *     --deflate-level N  the zlib level of --text deflate (9)
 *     --dict FILE        with --text chunks: each chunk deflated by the
 *                        indexer with a preset dictionary, the last 32 KB of
 *                        FILE (stored once, in the metadata "floor:dict"),
 *                        its size before as a varint in front
 *     --no-words         no word terms at all (for --records alone)
 *     --records ARCHIVE  add cancu's records from its archive, as they are:
 *                        each plan document's record line (the first line of
 *                        its data), its X-prefixed terms and its values but
 *                        the passage table; task and registry documents
 *                        whole; the user metadata
 *     --tasks whole|xterms|merged|none  with --records, the task documents:
 *                        whole (as cancu has them), with their X-prefixed
 *                        terms only (no word terms), their X terms only and
 *                        their data appended to their plan's data (one
 *                        record a plan, compressed with its text), plan (no
 *                        task documents: their data appended to the plan's,
 *                        their X terms put on the plan document), or none
 *     --no-compact       leave the database as the one commit wrote it
 *
 * One document a plan: every word folded ("F" + NFD without marks, đ -> d,
 * lower case) with its position, the plan's lines 100 positions apart (so
 * no phrase crosses two lines, as cancu's passages), and its exact form
 * without position; the data holds the number of words of each line
 * (varints: what maps a position to its line) and then the text. One
 * commit, then Database::compact into OUT-DB. Prints the seconds the
 * indexing and the compaction took. */
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "floor-fold.h"

static double now()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void varint(std::string &out, unsigned v)
{
    while (v >= 0x80) {
        out += (char)(0x80 | (v & 0x7F));
        v >>= 7;
    }
    out += (char)v;
}

static std::string base_name(const std::string &path)
{
    size_t slash = path.rfind('/');
    std::string b = slash == std::string::npos ? path : path.substr(slash + 1);
    size_t dot = b.rfind('.');
    return dot == std::string::npos ? b : b.substr(0, dot);
}

/* zlib's deflate of c with the preset dictionary dict, after a varint of
 * c's size. */
static std::string deflate_with(const std::string &dict, const std::string &c)
{
    z_stream z;
    std::memset(&z, 0, sizeof z);
    if (deflateInit(&z, 6) != Z_OK ||
        deflateSetDictionary(&z, (const Bytef *)dict.data(),
                             (uInt)dict.size()) != Z_OK)
        throw std::runtime_error("deflate failed");
    std::string out;
    varint(out, (unsigned)c.size());
    size_t head = out.size();
    out.resize(head + deflateBound(&z, c.size()));
    z.next_in = (Bytef *)c.data();
    z.avail_in = (uInt)c.size();
    z.next_out = (Bytef *)&out[head];
    z.avail_out = (uInt)(out.size() - head);
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        throw std::runtime_error("deflate failed");
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    return out;
}

struct plan_record {
    std::string line, tasks;
    std::vector<std::pair<std::string, Xapian::termcount>> terms;
    std::vector<std::vector<Xapian::termpos>> positions;
    std::vector<std::pair<Xapian::valueno, std::string>> values;
};

static void usage()
{
    std::fprintf(stderr, "usage: floor-index [--text data|deflate|value|none] "
                         "[--exact all|marked|none] [--no-words] "
                         "[--records ARCHIVE] [--no-compact] OUT-DB TXT-DIR\n");
    std::exit(2);
}

int main(int argc, char **argv)
{
    std::string text_mode = "data", exact_mode = "all", records,
                tasks = "whole";
    bool words = true, compact = true;
    size_t chunk_bytes = 4096;
    int deflate_level = 9;
    std::string dict;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        std::string a = argv[i];
        if (a == "--text" && i + 1 < argc)
            text_mode = argv[++i];
        else if (a == "--exact" && i + 1 < argc)
            exact_mode = argv[++i];
        else if (a == "--records" && i + 1 < argc)
            records = argv[++i];
        else if (a == "--tasks" && i + 1 < argc)
            tasks = argv[++i];
        else if (a == "--deflate-level" && i + 1 < argc)
            deflate_level = std::stoi(argv[++i]);
        else if (a == "--chunk-bytes" && i + 1 < argc)
            chunk_bytes = std::stoul(argv[++i]);
        else if (a == "--dict" && i + 1 < argc) {
            std::ifstream in(argv[++i], std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            dict = ss.str();
            if (dict.size() > 32768) /* what zlib's window holds */
                dict = dict.substr(dict.size() - 32768);
        } else if (a == "--no-words")
            words = false;
        else if (a == "--no-compact")
            compact = false;
        else
            usage();
    }
    if (argc - i != 2)
        usage();
    std::string out = argv[i], dir = argv[i + 1];
    std::vector<std::string> files;
    if (DIR *d = opendir(dir.c_str())) {
        while (struct dirent *e = readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > 4 && n.compare(n.size() - 4, 4, ".txt") == 0)
                files.push_back(dir + "/" + n);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());

    try {
        double t0 = now();
        std::string build = compact ? out + ".uncompacted" : out;
        Xapian::WritableDatabase db(build, Xapian::DB_CREATE_OR_OVERWRITE |
                                               Xapian::DB_BACKEND_GLASS);

        /* cancu's records, by the plan's file name. */
        std::map<std::string, plan_record> plan_records;
        std::map<std::string, std::string> plan_tasks, plan_ids;
        std::map<std::string, std::set<std::string>> task_terms;
        if (!records.empty()) {
            Xapian::Database src(records);
            for (auto k = src.metadata_keys_begin();
                 k != src.metadata_keys_end(); ++k)
                db.set_metadata(*k, src.get_metadata(*k));
            for (auto p = src.postlist_begin(""); p != src.postlist_end("");
                 ++p) {
                Xapian::Document doc = src.get_document(*p);
                bool plan = false, task = false;
                std::string key, id;
                for (auto t = doc.termlist_begin(); t != doc.termlist_end();
                     ++t) {
                    if (*t == "XTplan")
                        plan = true;
                    if (*t == "XTtask")
                        task = true;
                    if ((*t).compare(0, 2, "XP") == 0)
                        key = base_name((*t).substr(2));
                    if ((*t).compare(0, 2, "XD") == 0)
                        id = *t;
                }
                if (task && tasks == "none")
                    continue;
                if (task && tasks != "whole") {
                    Xapian::Document lean;
                    for (auto t = doc.termlist_begin(); t != doc.termlist_end();
                         ++t)
                        if ((*t)[0] == 'X')
                            lean.add_term(*t, t.get_wdf());
                    for (auto v = doc.values_begin(); v != doc.values_end();
                         ++v)
                        lean.add_value(v.get_valueno(), *v);
                    if (tasks == "merged" || tasks == "plan")
                        plan_tasks[id] += doc.get_data() + "\n";
                    else
                        lean.set_data(doc.get_data());
                    if (tasks != "plan") {
                        db.add_document(lean);
                        continue;
                    }
                    for (auto t = doc.termlist_begin(); t != doc.termlist_end();
                         ++t)
                        if ((*t)[0] == 'X')
                            task_terms[id].insert(*t);
                    continue;
                }
                if (!plan) {
                    db.add_document(doc); /* a task or a registry record */
                    continue;
                }
                plan_ids[key] = id;
                plan_record &r = plan_records[key];
                std::string data = doc.get_data();
                r.line = data.substr(0, data.find('\n'));
                for (auto t = doc.termlist_begin(); t != doc.termlist_end();
                     ++t) {
                    if ((*t)[0] != 'X')
                        continue;
                    r.terms.emplace_back(*t, t.get_wdf());
                    r.positions.emplace_back(t.positionlist_begin(),
                                             t.positionlist_end());
                }
                for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
                    if (v.get_valueno() != 1) /* CANCU_SLOT_PASSAGES */
                        r.values.emplace_back(v.get_valueno(), *v);
            }
            for (auto &r : plan_records) {
                const std::string &id = plan_ids[r.first];
                r.second.tasks = plan_tasks[id];
                for (const std::string &t : task_terms[id]) {
                    r.second.terms.emplace_back(t, 0);
                    r.second.positions.emplace_back();
                }
            }
        }

        /* Each word analysed once; an exact term is added once a plan with
         * its count (its wdf), not once a word. */
        struct forms {
            std::string exact, folded_term;
            bool keep, keep_exact;
            unsigned count;
        };
        std::unordered_map<std::string, forms> cache;
        std::vector<forms *> counted;
        size_t bytes = 0;
        std::vector<std::string> chunks;
        for (const std::string &f : files) {
            std::ifstream in(f, std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            std::string text = ss.str();
            bytes += text.size();
            Xapian::Document doc;
            std::vector<unsigned> line_words;
            Xapian::termpos pos = 0;
            size_t cur_line = 0;
            unsigned in_line = 0;
            floor_fold::words(text, [&](const std::string &w, size_t line) {
                while (cur_line < line) {
                    line_words.push_back(in_line);
                    in_line = 0;
                    cur_line++;
                    pos += 100;
                }
                in_line++;
                pos++;
                if (!words)
                    return;
                auto it = cache.find(w);
                if (it == cache.end()) {
                    std::string e, fo;
                    floor_fold::fold(w, e, fo);
                    forms v{e, "F" + fo, !fo.empty() && fo.size() <= 200,
                            exact_mode == "all" ||
                                (exact_mode == "marked" && e != fo),
                            0};
                    it = cache.emplace(w, v).first;
                }
                forms &v = it->second;
                if (!v.keep)
                    return;
                doc.add_posting(v.folded_term, pos);
                if (v.keep_exact && v.count++ == 0)
                    counted.push_back(&v);
            });
            for (forms *v : counted) {
                doc.add_term(v->exact, v->count);
                v->count = 0;
            }
            counted.clear();
            line_words.push_back(in_line);

            std::string data;
            varint(data, (unsigned)line_words.size());
            for (unsigned n : line_words)
                varint(data, n);
            if (text_mode == "data") {
                data += text;
            } else if (text_mode == "deflate") {
                uLongf n = compressBound(text.size());
                std::string z(n, '\0');
                if (compress2((Bytef *)&z[0], &n, (const Bytef *)text.data(),
                              text.size(), deflate_level) != Z_OK)
                    throw std::runtime_error("deflate failed");
                z.resize(n);
                varint(data, (unsigned)text.size());
                data += z;
            } else if (text_mode == "chunks") {
                /* A NUL, then the number of chunks and the lines of each. */
                std::vector<unsigned> chunk_lines;
                size_t at = 0;
                while (at < text.size()) {
                    size_t end = at;
                    unsigned lines = 0;
                    while (end < text.size() &&
                           (lines == 0 || end - at < chunk_bytes)) {
                        size_t nl = text.find('\n', end);
                        end = nl == std::string::npos ? text.size() : nl + 1;
                        lines++;
                    }
                    chunks.push_back(text.substr(at, end - at));
                    chunk_lines.push_back(lines);
                    at = end;
                }
                data += dict.empty() ? '\0' : '\1';
                varint(data, (unsigned)chunk_lines.size());
                for (unsigned n : chunk_lines)
                    varint(data, n);
            } else if (text_mode == "value") {
                doc.add_value(0, text);
            } else if (text_mode != "none") {
                usage();
            }
            auto r = plan_records.find(base_name(f));
            if (r != plan_records.end()) {
                data += '\n';
                data += r->second.line;
                data += '\n';
                data += r->second.tasks;
                for (size_t k = 0; k < r->second.terms.size(); k++) {
                    const auto &t = r->second.terms[k];
                    if (r->second.positions[k].empty())
                        doc.add_term(t.first, t.second);
                    for (Xapian::termpos p : r->second.positions[k])
                        doc.add_posting(t.first, p, 0);
                }
                for (const auto &v : r->second.values)
                    doc.add_value(v.first + 1, v.second);
            }
            doc.set_data(data);
            db.add_document(doc);
            for (const std::string &c : chunks) {
                Xapian::Document chunk;
                chunk.set_data(dict.empty() ? c : deflate_with(dict, c));
                db.add_document(chunk);
            }
            chunks.clear();
        }
        if (!dict.empty())
            db.set_metadata("floor:dict", dict);
        db.commit();
        db.close();
        double t1 = now();
        if (compact) {
            Xapian::Database(build).compact(out);
            std::string rm = "rm -rf '" + build + "'";
            if (std::system(rm.c_str()) != 0)
                std::fprintf(stderr, "floor-index: could not remove %s\n",
                             build.c_str());
        }
        double t2 = now();
        std::printf("plans %zu bytes %zu index_s %.3f compact_s %.3f\n",
                    files.size(), bytes, t1 - t0, t2 - t1);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "floor-index: %s\n", e.get_description().c_str());
        return 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "floor-index: %s\n", e.what());
        return 1;
    }
    return 0;
}
