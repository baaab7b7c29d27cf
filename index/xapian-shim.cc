// The only C++ in cancu: Xapian behind a C API. Every entry point catches
// everything; no exception leaves this file.
#include <algorithm>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "index/xapian-shim.h"
#include "util/util.h"

struct cancu_xapian_db {
    Xapian::Database *reader = nullptr;
    Xapian::WritableDatabase *writer = nullptr;
    bool in_transaction = false;
    // Whether its documents' data goes through the process's cache, and
    // what names its revision there (the database's UUID, which a
    // compaction changes, and the revision it reads).
    bool cached = false;
    std::string revision_key;
    Xapian::Database &db()
    {
        return writer ? *writer : *reader;
    }
};

struct cancu_xapian_doc {
    Xapian::Document doc;
};

struct cancu_xapian_query {
    Xapian::Query query;
};

struct cancu_xapian_mset {
    // Shared with the data cache when the reader uses it: a plan's data
    // is 100-odd KB, copied at every read until then.
    std::vector<std::shared_ptr<const std::string>> data;
    std::vector<double> weights;
    std::vector<Xapian::docid> docids;
    std::vector<std::vector<std::pair<unsigned int, std::string>>> values;
    std::vector<bool> fetched; // Whether data[i] holds the document's data.
    size_t estimate = 0;
};

namespace
{

// The documents' data a long-lived reader (cancu serve) read, kept for
// the next requests: inflating a plan's 100-odd KB of data is most of
// what a search or a cites page costs, and the same plans come up again
// and again. One cache for the process, shared by the handles of a pool
// and their threads, bounded in bytes; an entry belongs to one revision
// of one database, so that nothing a writer committed since is answered
// from it (a reopened handle asks for another revision's entries).
class data_cache
{
  public:
    void set_limit(size_t bytes)
    {
        std::lock_guard<std::mutex> hold(lock_);
        limit_ = bytes;
        trim();
    }

    std::shared_ptr<const std::string> find(const std::string &key)
    {
        std::lock_guard<std::mutex> hold(lock_);
        auto it = index_.find(key);

        if (it == index_.end())
            return nullptr;
        order_.splice(order_.begin(), order_, it->second);
        return it->second->second;
    }

    void put(const std::string &key, std::shared_ptr<const std::string> data)
    {
        std::lock_guard<std::mutex> hold(lock_);

        if (data->size() > limit_ / 8 || index_.count(key))
            return;
        order_.emplace_front(key, std::move(data));
        index_[key] = order_.begin();
        bytes_ += order_.front().second->size() + key.size();
        trim();
    }

  private:
    void trim()
    {
        while (bytes_ > limit_ && !order_.empty()) {
            auto &last = order_.back();

            bytes_ -= last.second->size() + last.first.size();
            index_.erase(last.first);
            order_.pop_back();
        }
    }

    using entry = std::pair<std::string, std::shared_ptr<const std::string>>;
    std::mutex lock_;
    std::list<entry> order_; // most recently used first
    std::unordered_map<std::string, std::list<entry>::iterator> index_;
    size_t bytes_ = 0, limit_ = 0;
};

data_cache &cache()
{
    static data_cache the_cache;
    return the_cache;
}

void note_revision(cancu_xapian_db_t *db)
{
    if (db->cached)
        db->revision_key = db->db().get_uuid() + "@" +
                           std::to_string(db->db().get_revision()) + ":";
}

// The data of document 'id' of 'db', through the cache when 'db' uses
// it; 'doc' is the document when the caller has it already.
std::shared_ptr<const std::string> document_data(cancu_xapian_db_t *db,
                                                 Xapian::docid id,
                                                 const Xapian::Document *doc)
{
    if (!db->cached)
        return std::make_shared<const std::string>(
            doc ? doc->get_data() : db->db().get_document(id).get_data());
    std::string key = db->revision_key + std::to_string(id);
    std::shared_ptr<const std::string> hit = cache().find(key);

    if (hit)
        return hit;
    auto data = std::make_shared<const std::string>(
        doc ? doc->get_data() : db->db().get_document(id).get_data());
    cache().put(key, data);
    return data;
}

const std::shared_ptr<const std::string> &no_data()
{
    static const std::shared_ptr<const std::string> empty =
        std::make_shared<const std::string>();
    return empty;
}

// The facet terms of one revision, document by document, for the
// readers that use the cache (cancu serve): counting a search's facets
// is then a pass over its matches' few terms, where walking each term's
// posting list against the matches cost a search page of 1,000 plans
// half its instructions (16 of 30 M, the rest the match itself).
struct facet_table {
    std::vector<std::string> terms; // in the order the prefixes list them
    std::vector<size_t> prefix;     // each term's prefix, by index
    std::vector<uint32_t> start;    // by docid: where its terms begin in ids
    std::vector<uint32_t> ids;
};

// One table a revision and set of prefixes, built once by the first
// reader that asks while the others wait for it: after a commit the
// handles of a pool all ask at once.
class facet_tables
{
  public:
    std::shared_ptr<const facet_table>
    get(cancu_xapian_db_t *db, const char *const *prefixes, size_t nprefixes);

  private:
    using table_ptr = std::shared_ptr<const facet_table>;
    std::mutex lock_;
    std::map<std::string, std::shared_future<table_ptr>> tables_;
    std::list<std::string> order_; // first made first
};

// The revisions' tables kept: those of the readers at the latest
// revision, and of some still at the one before, for each set asked.
const size_t FACET_TABLES_KEPT = 8;

std::shared_ptr<const facet_table>
build_facet_table(Xapian::Database &d, const char *const *prefixes,
                  size_t nprefixes)
{
    auto t = std::make_shared<facet_table>();
    std::vector<std::pair<Xapian::docid, uint32_t>> postings;
    Xapian::docid last = d.get_lastdocid();

    for (size_t p = 0; p < nprefixes; p++)
        for (auto it = d.allterms_begin(prefixes[p]);
             it != d.allterms_end(prefixes[p]); ++it) {
            std::string term = *it;
            uint32_t id = static_cast<uint32_t>(t->terms.size());

            for (auto pl = d.postlist_begin(term); pl != d.postlist_end(term);
                 ++pl)
                postings.emplace_back(*pl, id);
            t->terms.push_back(std::move(term));
            t->prefix.push_back(p);
        }
    t->start.assign(static_cast<size_t>(last) + 2, 0);
    for (const auto &p : postings)
        t->start[p.first + 1]++;
    for (size_t i = 1; i < t->start.size(); i++)
        t->start[i] += t->start[i - 1];
    t->ids.resize(postings.size());
    {
        std::vector<uint32_t> at(t->start.begin(), t->start.end() - 1);

        for (const auto &p : postings)
            t->ids[at[p.first]++] = p.second;
    }
    return t;
}

std::shared_ptr<const facet_table>
facet_tables::get(cancu_xapian_db_t *db, const char *const *prefixes,
                  size_t nprefixes)
{
    std::string key = db->revision_key;
    std::promise<table_ptr> made;
    std::shared_future<table_ptr> wait;

    for (size_t p = 0; p < nprefixes; p++)
        key += std::string("\0", 1) + prefixes[p];
    {
        std::lock_guard<std::mutex> hold(lock_);
        auto it = tables_.find(key);

        if (it != tables_.end()) {
            wait = it->second;
        } else {
            tables_[key] = made.get_future().share();
            order_.push_back(key);
            while (order_.size() > FACET_TABLES_KEPT) {
                tables_.erase(order_.front());
                order_.pop_front();
            }
        }
    }
    if (wait.valid())
        return wait.get();
    try {
        table_ptr t = build_facet_table(db->db(), prefixes, nprefixes);

        made.set_value(t);
        return t;
    } catch (...) {
        // The next reader to ask builds it again.
        {
            std::lock_guard<std::mutex> hold(lock_);

            tables_.erase(key);
            order_.remove(key);
        }
        made.set_exception(std::current_exception());
        throw;
    }
}

facet_tables &tables()
{
    static facet_tables the_tables;
    return the_tables;
}

// 'q' for a match that counts documents and weighs none: AND_MAYBE's
// other branches and weight scaling only weigh, so they go (every
// search's query has its exact words' weight that way). The same
// documents match.
Xapian::Query unweighted(const Xapian::Query &q, bool &changed)
{
    Xapian::Query::op op = q.get_type();
    size_t n = q.get_num_subqueries();

    if (op == Xapian::Query::OP_AND_MAYBE && n > 0) {
        changed = true;
        bool ignored = false;
        return unweighted(q.get_subquery(0), ignored);
    }
    if (op == Xapian::Query::OP_SCALE_WEIGHT && n == 1) {
        changed = true;
        bool ignored = false;
        return unweighted(q.get_subquery(0), ignored);
    }
    if (op != Xapian::Query::OP_AND && op != Xapian::Query::OP_OR &&
        op != Xapian::Query::OP_FILTER)
        return q;
    std::vector<Xapian::Query> subs;
    bool any = false;
    for (size_t i = 0; i < n; i++)
        subs.push_back(unweighted(q.get_subquery(i), any));
    if (!any)
        return q;
    changed = true;
    return Xapian::Query(op, subs.begin(), subs.end());
}

// The documents a match visits, in the order it visits them, without
// the result set a match builds of them.
class docid_spy : public Xapian::MatchSpy
{
  public:
    explicit docid_spy(std::vector<Xapian::docid> &out) : out_(out)
    {
    }
    void operator()(const Xapian::Document &doc, double) override
    {
        out_.push_back(doc.get_docid());
    }

  private:
    std::vector<Xapian::docid> &out_;
};

std::string describe(const Xapian::Error &e)
{
    std::string text = std::string(e.get_type()) + ": " + e.get_msg();
    // The system's reason, when there is one: "No space left on device".
    const char *reason = e.get_error_string();

    if (reason && *reason)
        text += std::string(" (") + reason + ")";
    return text;
}

cancu_status_t lock_error(const Xapian::DatabaseLockError &e)
{
    // Xapian says "already locked" for a lock another writer holds; any
    // other reason means the lock could not even be tried ("Couldn't open
    // lockfile: Read-only file system").
    const std::string &msg = e.get_msg();

    if (msg.find("already locked") == std::string::npos)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR, "%s", msg.c_str());
    return cancu_error__set(CANCU_STATUS_ARCHIVE_LOCKED,
                            "archive is locked by another cancu process");
}

cancu_status_t modified_error(const Xapian::Error &e)
{
    return cancu_error__set(CANCU_STATUS_OPERATION_INVALIDATED,
                            "archive changed while it was read (%s)",
                            describe(e).c_str());
}

cancu_status_t database_error(const Xapian::Error &e)
{
    return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR, "%s",
                            describe(e).c_str());
}

cancu_status_t xapian_error(const Xapian::Error &e)
{
    return cancu_error__set(CANCU_STATUS_XAPIAN_EXCEPTION, "%s",
                            describe(e).c_str());
}

cancu_status_t oom()
{
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
}

cancu_status_t unknown()
{
    return cancu_error__set(CANCU_STATUS_XAPIAN_EXCEPTION,
                            "unexpected C++ exception in the Xapian shim");
}

} // namespace

// Xapian::Error has no virtual functions, so the kind of error is told by
// the order of the catch clauses, most derived first.
#define SHIM_CATCH_ERRORS(cleanup)                                             \
    catch (const Xapian::DatabaseLockError &e)                                 \
    {                                                                          \
        cleanup;                                                               \
        return lock_error(e);                                                  \
    }                                                                          \
    catch (const Xapian::DatabaseModifiedError &e)                             \
    {                                                                          \
        cleanup;                                                               \
        return modified_error(e);                                              \
    }                                                                          \
    catch (const Xapian::DatabaseError &e)                                     \
    {                                                                          \
        cleanup;                                                               \
        return database_error(e);                                              \
    }                                                                          \
    catch (const Xapian::Error &e)                                             \
    {                                                                          \
        cleanup;                                                               \
        return xapian_error(e);                                                \
    }                                                                          \
    catch (const std::bad_alloc &)                                             \
    {                                                                          \
        cleanup;                                                               \
        return oom();                                                          \
    }                                                                          \
    catch (...)                                                                \
    {                                                                          \
        cleanup;                                                               \
        return unknown();                                                      \
    }

#define SHIM_CATCH SHIM_CATCH_ERRORS((void)0)

// Xapian 1.4 creates the document-data table (and the position table) on
// its first write. A document-data table created so by a writer opened on
// an existing database stores every document's data uncompressed for as
// long as that writer lives: a first ingest of 16 plans filled 511 blocks
// where the same data takes 98 compressed. A document written and deleted
// at creation makes the tables exist, so that every later writer
// compresses.
static void create_lazy_tables(Xapian::WritableDatabase &writer)
{
    Xapian::Document doc;
    doc.set_data("-");
    doc.add_posting(" ", 1);
    Xapian::docid id = writer.add_document(doc);
    writer.commit();
    writer.delete_document(id);
}

extern "C" {

cancu_status_t cancu_xapian_open(cancu_xapian_db_t **out, const char *path,
                                 cancu_xapian_mode_t mode)
{
    *out = nullptr;
    cancu_xapian_db_t *db = nullptr;
    try {
        db = new cancu_xapian_db_t;
        switch (mode) {
        case CANCU_XAPIAN_READ:
            db->reader = new Xapian::Database(path);
            break;
        case CANCU_XAPIAN_WRITE:
            db->writer = new Xapian::WritableDatabase(path, Xapian::DB_OPEN);
            break;
        case CANCU_XAPIAN_CREATE:
            db->writer = new Xapian::WritableDatabase(
                path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
            create_lazy_tables(*db->writer);
            break;
        }
        *out = db;
        return CANCU_STATUS_SUCCESS;
    }
    // A reader opening while a writer commits can read a block the commit
    // has just freed and reused: to the reader it looks corrupt. Said as
    // a change, so that the caller opens again; a database that is
    // corrupt stays so on every attempt.
    catch (const Xapian::DatabaseCorruptError &e) {
        delete db;
        if (mode != CANCU_XAPIAN_READ)
            return database_error(e);
        return modified_error(e);
    }
    SHIM_CATCH_ERRORS(delete db)
}

void cancu_xapian_close(cancu_xapian_db_t *db)
{
    if (!db)
        return;
    try {
        if (db->writer && db->in_transaction)
            db->writer->cancel_transaction();
    } catch (...) {
        // Closing discards the transaction whatever happens.
    }
    try {
        delete db->writer;
        delete db->reader;
    } catch (...) {
    }
    delete db;
}

cancu_status_t cancu_xapian_reopen(cancu_xapian_db_t *db, bool *changed)
{
    try {
        bool moved = db->db().reopen();

        if (moved)
            note_revision(db);
        if (changed)
            *changed = moved;
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_cache_data(cancu_xapian_db_t *db, size_t bytes)
{
    try {
        if (db->writer)
            return CANCU_STATUS_SUCCESS;
        if (bytes > 0)
            cache().set_limit(bytes);
        db->cached = bytes > 0;
        note_revision(db);
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

const char *cancu_xapian_revision(const cancu_xapian_db_t *db)
{
    return db->cached ? db->revision_key.c_str() : nullptr;
}

cancu_status_t cancu_xapian_compact(cancu_xapian_db_t *db, const char *path)
{
    try {
        db->db().compact(path, Xapian::DBCOMPACT_NO_RENUMBER |
                                   Xapian::Compactor::FULL);
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_begin(cancu_xapian_db_t *db)
{
    try {
        if (!db->in_transaction) {
            db->writer->begin_transaction(true);
            db->in_transaction = true;
        }
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_commit(cancu_xapian_db_t *db)
{
    try {
        if (db->in_transaction) {
            db->in_transaction = false;
            db->writer->commit_transaction();
        } else {
            db->writer->commit();
        }
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_cancel(cancu_xapian_db_t *db)
{
    try {
        if (db->in_transaction) {
            db->in_transaction = false;
            db->writer->cancel_transaction();
        }
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_get_metadata(cancu_xapian_db_t *db, const char *key,
                                         char **out)
{
    *out = nullptr;
    try {
        std::string value = db->db().get_metadata(key);
        char *copy = static_cast<char *>(std::malloc(value.size() + 1));
        if (!copy)
            return oom();
        std::memcpy(copy, value.data(), value.size());
        copy[value.size()] = '\0';
        *out = copy;
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_set_metadata(cancu_xapian_db_t *db, const char *key,
                                         const char *value)
{
    try {
        db->writer->set_metadata(key, value);
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_term_freq(cancu_xapian_db_t *db, const char *term,
                                      size_t *out)
{
    *out = 0;
    try {
        *out = db->db().get_termfreq(term);
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_delete_term(cancu_xapian_db_t *db, const char *term)
{
    try {
        db->writer->delete_document(term);
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_xapian_doc_t *cancu_xapian_doc_new(void)
{
    try {
        return new cancu_xapian_doc_t;
    } catch (...) {
        return nullptr;
    }
}

void cancu_xapian_doc_destroy(cancu_xapian_doc_t *doc)
{
    delete doc;
}

bool cancu_xapian_doc_add_posting(cancu_xapian_doc_t *doc, const char *term,
                                  size_t len, unsigned int position)
{
    try {
        // Xapian positions start at 1.
        doc->doc.add_posting(std::string(term, len), position + 1);
        return true;
    } catch (...) {
        return false;
    }
}

bool cancu_xapian_doc_add_word(cancu_xapian_doc_t *doc, const char *term,
                               size_t len)
{
    try {
        doc->doc.add_term(std::string(term, len));
        return true;
    } catch (...) {
        return false;
    }
}

bool cancu_xapian_doc_add_term(cancu_xapian_doc_t *doc, const char *term,
                               size_t len)
{
    try {
        doc->doc.add_boolean_term(std::string(term, len));
        return true;
    } catch (...) {
        return false;
    }
}

bool cancu_xapian_doc_set_data(cancu_xapian_doc_t *doc, const char *data,
                               size_t len)
{
    try {
        doc->doc.set_data(std::string(data, len));
        return true;
    } catch (...) {
        return false;
    }
}

bool cancu_xapian_doc_set_value(cancu_xapian_doc_t *doc, unsigned int slot,
                                const char *value, size_t len)
{
    try {
        doc->doc.add_value(slot, std::string(value, len));
        return true;
    } catch (...) {
        return false;
    }
}

cancu_status_t cancu_xapian_add(cancu_xapian_db_t *db,
                                const cancu_xapian_doc_t *doc)
{
    try {
        db->writer->add_document(doc->doc);
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_replace(cancu_xapian_db_t *db, const char *term,
                                    const cancu_xapian_doc_t *doc)
{
    try {
        db->writer->replace_document(term, doc->doc);
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_foreach_data(cancu_xapian_db_t *db,
                                         const char *term,
                                         cancu_xapian_data_cb cb, void *payload)
{
    try {
        Xapian::Database &d = db->db();
        for (auto it = d.postlist_begin(term); it != d.postlist_end(term);
             ++it) {
            auto data = document_data(db, *it, nullptr);
            if (!cb(data->data(), data->size(), payload))
                break;
        }
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_foreach_value(cancu_xapian_db_t *db,
                                          const char *term, unsigned int slot,
                                          cancu_xapian_data_cb cb,
                                          void *payload)
{
    try {
        Xapian::Database &d = db->db();
        for (auto it = d.postlist_begin(term); it != d.postlist_end(term);
             ++it) {
            Xapian::Document doc =
                d.get_document(*it, Xapian::DOC_ASSUME_VALID);
            std::string value = doc.get_value(slot);
            if (value.empty())
                value = doc.get_data();
            if (!cb(value.data(), value.size(), payload))
                break;
        }
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_foreach_term(cancu_xapian_db_t *db,
                                         const char *prefix,
                                         cancu_xapian_term_cb cb, void *payload)
{
    try {
        Xapian::Database &d = db->db();
        for (auto it = d.allterms_begin(prefix); it != d.allterms_end(prefix);
             ++it) {
            std::string term = *it;
            if (!cb(term.data(), term.size(), payload))
                break;
        }
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_xapian_query_t *cancu_xapian_query_term(const char *term, size_t len)
{
    try {
        auto *q = new cancu_xapian_query_t;
        q->query = Xapian::Query(std::string(term, len));
        return q;
    } catch (...) {
        return nullptr;
    }
}

cancu_xapian_query_t *cancu_xapian_query_combine(cancu_xapian_op_t op,
                                                 cancu_xapian_query_t **subs,
                                                 size_t nsubs)
{
    cancu_xapian_query_t *result = nullptr;
    try {
        std::vector<Xapian::Query> parts;
        bool complete = true;
        for (size_t i = 0; i < nsubs; i++) {
            if (subs[i])
                parts.push_back(subs[i]->query);
            else
                complete = false;
        }
        if (complete && !parts.empty()) {
            result = new cancu_xapian_query_t;
            switch (op) {
            case CANCU_XAPIAN_AND:
                result->query = Xapian::Query(Xapian::Query::OP_AND,
                                              parts.begin(), parts.end());
                break;
            case CANCU_XAPIAN_OR:
                result->query = Xapian::Query(Xapian::Query::OP_OR,
                                              parts.begin(), parts.end());
                break;
            case CANCU_XAPIAN_PHRASE:
                result->query =
                    Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(),
                                  parts.end(), parts.size());
                break;
            case CANCU_XAPIAN_AND_MAYBE: {
                Xapian::Query maybe(Xapian::Query::OP_OR, parts.begin() + 1,
                                    parts.end());
                result->query = parts.size() == 1
                                    ? parts[0]
                                    : Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                                                    parts[0], maybe);
                break;
            }
            case CANCU_XAPIAN_FILTER: {
                Xapian::Query filter(Xapian::Query::OP_AND, parts.begin() + 1,
                                     parts.end());
                result->query = parts.size() == 1
                                    ? parts[0]
                                    : Xapian::Query(Xapian::Query::OP_FILTER,
                                                    parts[0], filter);
                break;
            }
            }
        }
    } catch (...) {
        delete result;
        result = nullptr;
    }
    for (size_t i = 0; i < nsubs; i++)
        delete subs[i];
    return result;
}

cancu_xapian_query_t *cancu_xapian_query_scale(cancu_xapian_query_t *sub,
                                               double factor)
{
    if (!sub)
        return nullptr;
    try {
        sub->query =
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->query, factor);
        return sub;
    } catch (...) {
        delete sub;
        return nullptr;
    }
}

cancu_xapian_query_t *cancu_xapian_query_copy(const cancu_xapian_query_t *query)
{
    if (!query)
        return nullptr;
    try {
        // Xapian::Query shares its tree: copying it is cheap.
        return new cancu_xapian_query_t{query->query};
    } catch (...) {
        return nullptr;
    }
}

void cancu_xapian_query_destroy(cancu_xapian_query_t *query)
{
    delete query;
}

// One pass of the matcher over 'enquire': the matches in [offset, offset
// + limit), having looked at no fewer than 'check_at_least' of them; of
// each what 'fetch' names (CANCU_XAPIAN_FETCH_*).
static cancu_status_t run_enquire(cancu_xapian_db_t *db,
                                  Xapian::Enquire &enquire, size_t offset,
                                  size_t limit, Xapian::doccount check_at_least,
                                  unsigned int fetch, cancu_xapian_mset_t **out)
{
    cancu_xapian_mset_t *result = nullptr;
    bool data = fetch & CANCU_XAPIAN_FETCH_DATA;
    unsigned int slots = fetch & ~CANCU_XAPIAN_FETCH_DATA;
    try {
        Xapian::MSet mset = enquire.get_mset(offset, limit, check_at_least);
        result = new cancu_xapian_mset_t;
        result->estimate = mset.get_matches_estimated();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            result->weights.push_back(it.get_weight());
            result->docids.push_back(*it);
            result->values.emplace_back();
            result->fetched.push_back(data);
            if (!data && !slots) {
                result->data.push_back(no_data());
                continue;
            }
            Xapian::Document doc = it.get_document();
            result->data.push_back(data ? document_data(db, *it, &doc)
                                        : no_data());
            for (unsigned int slot = 0; slots >> slot; slot++) {
                if (!(slots >> slot & 1u))
                    continue;
                std::string v = doc.get_value(slot);
                if (!v.empty())
                    result->values.back().emplace_back(slot, std::move(v));
            }
        }
        *out = result;
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH_ERRORS(delete result)
}

cancu_status_t cancu_xapian_search(cancu_xapian_db_t *db,
                                   const cancu_xapian_query_t *query,
                                   size_t offset, size_t limit,
                                   unsigned int fetch,
                                   cancu_xapian_mset_t **out)
{
    *out = nullptr;
    try {
        Xapian::Enquire enquire(db->db());
        enquire.set_query(query->query);
        return run_enquire(db, enquire, offset, limit, 0, fetch, out);
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_mset_fetch_data(cancu_xapian_db_t *db,
                                            cancu_xapian_mset_t *mset,
                                            size_t index)
{
    if (mset->fetched[index])
        return CANCU_STATUS_SUCCESS;
    try {
        mset->data[index] = document_data(db, mset->docids[index], nullptr);
        mset->fetched[index] = true;
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_document_data(cancu_xapian_db_t *db,
                                          unsigned int docid, char **out,
                                          size_t *len_out)
{
    *out = nullptr;
    *len_out = 0;
    try {
        std::shared_ptr<const std::string> data =
            document_data(db, docid, nullptr);
        char *copy = static_cast<char *>(std::malloc(data->size() + 1));

        if (!copy)
            return oom();
        std::memcpy(copy, data->data(), data->size());
        copy[data->size()] = '\0';
        *out = copy;
        *len_out = data->size();
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_newest(cancu_xapian_db_t *db,
                                   const cancu_xapian_query_t *query, int slot,
                                   size_t offset, size_t limit,
                                   unsigned int fetch, size_t *count_out,
                                   cancu_xapian_mset_t **out)
{
    *out = nullptr;
    if (count_out)
        *count_out = 0;
    try {
        Xapian::Enquire enquire(db->db());
        enquire.set_query(query->query);
        // The order alone matters: no weights to compute for each match.
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        if (slot != CANCU_XAPIAN_LAST_ADDED)
            enquire.set_sort_by_value(Xapian::valueno(slot), true);
        enquire.set_docid_order(Xapian::Enquire::DESCENDING);
        // Sorting by value looks at every match anyway, so counting them
        // all costs nothing more.
        cancu_status_t status = run_enquire(
            db, enquire, offset, limit,
            count_out ? db->db().get_doccount() + 1 : 0, fetch, out);
        if (!status && count_out)
            *count_out = (*out)->estimate;
        return status;
    }
    SHIM_CATCH
}

size_t cancu_xapian_mset_size(const cancu_xapian_mset_t *mset)
{
    return mset->data.size();
}

size_t cancu_xapian_mset_estimate(const cancu_xapian_mset_t *mset)
{
    return mset->estimate;
}

const char *cancu_xapian_mset_data(const cancu_xapian_mset_t *mset,
                                   size_t index, size_t *len_out)
{
    *len_out = mset->data[index]->size();
    return mset->data[index]->c_str();
}

double cancu_xapian_mset_weight(const cancu_xapian_mset_t *mset, size_t index)
{
    return mset->weights[index];
}

const char *cancu_xapian_mset_value(const cancu_xapian_mset_t *mset,
                                    size_t index, unsigned int slot,
                                    size_t *len_out)
{
    for (const auto &v : mset->values[index])
        if (v.first == slot) {
            *len_out = v.second.size();
            return v.second.data();
        }
    *len_out = 0;
    return nullptr;
}

unsigned int cancu_xapian_mset_docid(const cancu_xapian_mset_t *mset,
                                     size_t index)
{
    return mset->docids[index];
}

void cancu_xapian_mset_destroy(cancu_xapian_mset_t *mset)
{
    delete mset;
}

cancu_status_t cancu_xapian_count_terms(cancu_xapian_db_t *db,
                                        const cancu_xapian_query_t *query,
                                        const char *const *prefixes,
                                        size_t nprefixes,
                                        cancu_xapian_count_cb cb, void *payload)
{
    try {
        Xapian::Database &d = db->db();
        Xapian::Enquire enquire(d);
        std::vector<Xapian::docid> matches;
        docid_spy spy(matches);
        bool changed = false;
        enquire.set_query(unweighted(query->query, changed));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        enquire.add_matchspy(&spy);
        Xapian::doccount all = d.get_doccount();
        (void)enquire.get_mset(0, 0, all);
        if (!std::is_sorted(matches.begin(), matches.end()))
            std::sort(matches.begin(), matches.end());
        if (matches.empty())
            return CANCU_STATUS_SUCCESS;
        if (db->cached) {
            auto t = tables().get(db, prefixes, nprefixes);
            std::vector<uint32_t> counts(t->terms.size(), 0);

            for (Xapian::docid m : matches)
                if (m + 1 < t->start.size())
                    for (uint32_t k = t->start[m]; k < t->start[m + 1]; k++)
                        counts[t->ids[k]]++;
            for (size_t id = 0; id < counts.size(); id++)
                if (counts[id] && !cb(t->terms[id].data(), t->terms[id].size(),
                                      t->prefix[id], counts[id], payload))
                    return CANCU_STATUS_SUCCESS;
            return CANCU_STATUS_SUCCESS;
        }
        for (size_t p = 0; p < nprefixes; p++) {
            for (auto t = d.allterms_begin(prefixes[p]);
                 t != d.allterms_end(prefixes[p]); ++t) {
                std::string term = *t;
                size_t count = 0;
                auto m = matches.begin();
                auto pl = d.postlist_begin(term);
                // Leapfrog: each side skips to the other's next document,
                // so a short side costs little against a long one.
                while (pl != d.postlist_end(term) && m != matches.end()) {
                    Xapian::docid at = *pl;
                    if (at == *m) {
                        count++;
                        ++pl;
                        ++m;
                    } else if (at < *m) {
                        pl.skip_to(*m);
                    } else {
                        m = std::lower_bound(m, matches.end(), at);
                    }
                }
                if (count && !cb(term.data(), term.size(), p, count, payload))
                    return CANCU_STATUS_SUCCESS;
            }
        }
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

cancu_status_t cancu_xapian_positions(cancu_xapian_db_t *db, unsigned int docid,
                                      const char *term, size_t len,
                                      unsigned int **out, size_t *count_out)
{
    *out = nullptr;
    *count_out = 0;
    try {
        std::vector<unsigned int> positions;
        Xapian::Database &d = db->db();
        std::string t(term, len);
        for (auto it = d.positionlist_begin(docid, t);
             it != d.positionlist_end(docid, t); ++it)
            positions.push_back(*it);
        if (positions.empty())
            return CANCU_STATUS_SUCCESS;
        *out = static_cast<unsigned int *>(
            malloc(positions.size() * sizeof **out));
        if (!*out)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        std::copy(positions.begin(), positions.end(), *out);
        *count_out = positions.size();
        return CANCU_STATUS_SUCCESS;
    }
    SHIM_CATCH
}

} // extern "C"
