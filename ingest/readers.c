/* The library's side of the reader modules (readers.h): finding and
 * loading a module the first time a file of its kind is read, the table
 * lent to it, and the functions the rest of the library calls, which
 * pass each call to the module. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/legacy.h"
#include "ingest/readers.h"

static const struct cancu_reader_host host = {
    CANCU_READER_ABI,
    sizeof(struct cancu_reader_host),
    cancu_error__set_messages,
    cancu_document__new,
    cancu_document_destroy,
    cancu_document__build_failure,
    cancu_document__add_paragraph,
    cancu_document__add_wrapped_paragraph,
    cancu_document__last_block,
    cancu_document__mark_row,
    cancu_document__begin_table,
    cancu_document__add_row,
    cancu_document__set_cell_lines,
    cancu_tasks__opens_lower,
    cancu_normalize__nfc,
    cancu_legacy__font_encoding,
    cancu_legacy__decode_font_text,
    cancu_ocr__poppler_page_words,
    cancu_ocr__words_free,
};

typedef struct reader_module {
    const char *file; /* in the readers' folder */
    const char *what; /* for messages */
    bool tried;
    const void *table; /* NULL when it could not be loaded */
    char error[1024];
} reader_module_t;

static reader_module_t docx_module = {"docx.so", "DOCX reader", false, NULL,
                                      ""};
static reader_module_t pdf_module = {"pdf.so", "PDF reader", false, NULL, ""};
static reader_module_t doc_module = {"doc.so", "Word 97-2003 reader", false,
                                     NULL, ""};
static reader_module_t ocr_module = {"ocr.so", "OCR reader", false, NULL, ""};
static pthread_mutex_t modules_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct object_search {
    uintptr_t address;
    char path[PATH_MAX];
    bool found;
} object_search_t;

static int find_object(struct dl_phdr_info *info, size_t size, void *data)
{
    object_search_t *search = data;

    (void)size;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;

        if (ph->p_type != PT_LOAD || search->address < start ||
            search->address >= start + ph->p_memsz)
            continue;
        search->found = true;
        /* The program itself has no name here; its file is the kernel's
         * to say, never argv[0], which a PATH lookup gave. */
        if (!info->dlpi_name[0]) {
            ssize_t n = readlink("/proc/self/exe", search->path,
                                 sizeof search->path - 1);
            search->path[n > 0 ? n : 0] = '\0';
        } else if (!realpath(info->dlpi_name, search->path)) {
            search->path[0] = '\0';
        }
        return 1;
    }
    return 0;
}

/* The folder holding the object this code was linked into (libcancu.so,
 * or a program linking the static library), or "" when unknown. */
static void own_folder(char *out, size_t cap)
{
    object_search_t search = {(uintptr_t)&own_folder, "", false};
    char *slash;

    out[0] = '\0';
    dl_iterate_phdr(find_object, &search);
    slash = strrchr(search.path, '/');
    if (!search.found || !slash)
        return;
    *slash = '\0';
    snprintf(out, cap, "%s", search.path);
}

static const void *try_load(reader_module_t *m, const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    cancu_reader_entry_fn *entry;
    const void *table;

    if (!handle) {
        snprintf(m->error, sizeof m->error, "%s", dlerror());
        return NULL;
    }
    /* POSIX's way from a data pointer to a function pointer. */
    *(void **)&entry = dlsym(handle, CANCU_READER_ENTRY);
    table = entry ? entry(&host, CANCU_READER_ABI) : NULL;
    if (!table) {
        snprintf(m->error, sizeof m->error,
                 "%.700s is not this cancu's %s (built by another version)",
                 path, m->what);
        dlclose(handle);
    }
    /* A loaded module stays loaded: documents it read may still point
     * into nothing of it, but its libraries keep caches until exit. */
    return table;
}

static const void *load(reader_module_t *m)
{
    char folders[4][PATH_MAX];
    size_t n = 0;
    const char *env = secure_getenv("CANCU_READER_DIR");
    char own[PATH_MAX];

    if (env && env[0])
        snprintf(folders[n++], PATH_MAX, "%s", env);
    own_folder(own, sizeof own);
    if (own[0] && strlen(own) + sizeof CANCU_READER_DIR_NAME + 1 < PATH_MAX) {
        size_t len = strlen(own);

        memcpy(folders[n], own, len);
        memcpy(folders[n] + len, "/" CANCU_READER_DIR_NAME,
               sizeof CANCU_READER_DIR_NAME + 1);
        n++;
        /* An installed program linking the static library, wherever its
         * tree was installed or moved to (a --prefix or DESTDIR). */
        if ((size_t)snprintf(folders[n], PATH_MAX, "%s/%s", own,
                             CANCU_READER_RELATIVE) < PATH_MAX)
            n++;
    }
    snprintf(folders[n++], PATH_MAX, "%s", CANCU_READER_INSTALL_DIR);
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX + 32];

        if ((size_t)snprintf(path, sizeof path, "%s/%s", folders[i], m->file) >=
                sizeof path ||
            access(path, R_OK) != 0)
            continue;
        return try_load(m, path);
    }
    {
        cancu_strbuf_t message = CANCU_STRBUF_INIT;

        cancu_strbuf__printf(&message, "cancu's %s (%s) is not installed in ",
                             m->what, m->file);
        for (size_t i = 0; i < n; i++)
            cancu_strbuf__printf(&message, "%s%s",
                                 i == 0       ? ""
                                 : i == n - 1 ? " or "
                                              : ", ",
                                 folders[i]);
        snprintf(m->error, sizeof m->error, "%s", cancu_strbuf__cstr(&message));
        cancu_strbuf__dispose(&message);
    }
    return NULL;
}

static const void *module_table(reader_module_t *m)
{
    const void *table;

    pthread_mutex_lock(&modules_lock);
    if (!m->tried) {
        m->tried = true;
        m->table = load(m);
    }
    table = m->table;
    pthread_mutex_unlock(&modules_lock);
    return table;
}

static cancu_status_t unavailable(const reader_module_t *m, const char *name)
{
    return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT, "%s%s%s",
                            name ? name : "", name ? ": " : "", m->error);
}

cancu_status_t cancu_docx__read(cancu_document_t *doc, const void *data,
                                size_t size)
{
    const struct cancu_docx_reader *reader = module_table(&docx_module);

    if (!reader)
        return unavailable(&docx_module, doc->path);
    return reader->read(doc, data, size);
}

cancu_status_t cancu_pdf__read(cancu_document_t *doc, const void *data,
                               size_t size, bool ocr)
{
    const struct cancu_pdf_reader *reader = module_table(&pdf_module);

    if (!reader)
        return unavailable(&pdf_module, doc->path);
    return reader->read(doc, data, size, ocr);
}

void cancu_pdf__set_time_limits(long long page_us, long long file_us)
{
    const struct cancu_pdf_reader *reader = module_table(&pdf_module);

    if (reader)
        reader->set_time_limits(page_us, file_us);
}

cancu_status_t cancu_doc__read(cancu_document_t *doc, const void *data,
                               size_t size)
{
    const struct cancu_doc_reader *reader = module_table(&doc_module);

    if (!reader)
        return unavailable(&doc_module, doc->path);
    return reader->read(doc, data, size);
}

/* The OCR module, or NULL with *status set to a message naming the file
 * 'options' name. */
static const struct cancu_ocr_reader *
ocr_reader(const cancu_ocr_options_t *options, cancu_status_t *status)
{
    const struct cancu_ocr_reader *reader = module_table(&ocr_module);
    const char *name = options ? options->path : NULL;

    if (!reader)
        *status = unavailable(&ocr_module, name && name[0] ? name : NULL);
    return reader;
}

cancu_status_t cancu_ocr__page(char **text_out, double *confidence_out,
                               const cancu_ocr_image_t *image,
                               const cancu_ocr_options_t *options)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    const struct cancu_ocr_reader *reader = ocr_reader(options, &status);

    return reader ? reader->page(text_out, confidence_out, image, options)
                  : status;
}

cancu_status_t cancu_ocr__page_words(cancu_ocr_word_t **words_out,
                                     size_t *count_out,
                                     const cancu_ocr_image_t *image,
                                     const cancu_ocr_options_t *options)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    const struct cancu_ocr_reader *reader = ocr_reader(options, &status);

    return reader ? reader->page_words(words_out, count_out, image, options)
                  : status;
}

void cancu_ocr__words_free(cancu_ocr_word_t *words, size_t count)
{
    const struct cancu_ocr_reader *reader;

    /* Words exist only if the module made them. */
    if (words && (reader = module_table(&ocr_module)))
        reader->words_free(words, count);
}

cancu_status_t cancu_ocr__poppler_page(char **text_out, double *confidence_out,
                                       struct _PopplerPage *page,
                                       const cancu_ocr_options_t *options)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    const struct cancu_ocr_reader *reader = ocr_reader(options, &status);

    return reader
               ? reader->poppler_page(text_out, confidence_out, page, options)
               : status;
}

cancu_status_t cancu_ocr__poppler_page_words(cancu_ocr_word_t **words_out,
                                             size_t *count_out,
                                             struct _PopplerPage *page,
                                             const cancu_ocr_options_t *options)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    const struct cancu_ocr_reader *reader = ocr_reader(options, &status);

    return reader
               ? reader->poppler_page_words(words_out, count_out, page, options)
               : status;
}

bool cancu_ocr__available(void)
{
    const struct cancu_ocr_reader *reader = module_table(&ocr_module);

    return reader && reader->available();
}

void cancu_ocr__shutdown(void)
{
    const struct cancu_ocr_reader *reader;

    pthread_mutex_lock(&modules_lock);
    reader = ocr_module.table;
    pthread_mutex_unlock(&modules_lock);
    if (reader)
        reader->shutdown();
}
