/* Finding the command's helpers: the programs and modules that hold what
 * only one command needs (cancu-serve and its libmicrohttpd, the
 * iCalendar writer and its libical), so that no other command pays at
 * start-up for linking their libraries. They are looked for as
 * ingest/readers.c looks for the reader modules: in $CANCU_LIBEXEC_DIR
 * when set, beside the running program (the build tree's layout, and
 * the helpers' own folder when one helper wants another), in the
 * install's folder relative to the program (an installed tree moved
 * elsewhere, or installed with --prefix), then in the folder the build
 * installs them in. */
#define _GNU_SOURCE
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* The folder of the running program, from the kernel (never argv[0],
 * which a PATH lookup gave), or "" when unknown. */
static void own_folder(char *out, size_t cap)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    char *slash;

    out[0] = '\0';
    if (n <= 0)
        return;
    path[n] = '\0';
    slash = strrchr(path, '/');
    if (!slash)
        return;
    *slash = '\0';
    snprintf(out, cap, "%s", path);
}

bool cli_helper_path(char *out, size_t cap, const char *name, bool executable,
                     char *error, size_t error_cap)
{
    char folders[4][PATH_MAX];
    /* Not from the environment of a set-user-ID run: a program it names
     * would run with the privileges. */
    const char *env = secure_getenv("CANCU_LIBEXEC_DIR");
    char own[PATH_MAX];
    size_t n = 0, used;

    if (env && env[0])
        snprintf(folders[n++], PATH_MAX, "%s", env);
    own_folder(own, sizeof own);
    if (own[0]) {
        snprintf(folders[n++], PATH_MAX, "%s", own);
        if ((size_t)snprintf(folders[n], PATH_MAX, "%s/%s", own,
                             CANCU_LIBEXEC_RELATIVE) < PATH_MAX)
            n++;
    }
    snprintf(folders[n++], PATH_MAX, "%s", CANCU_LIBEXEC_INSTALL_DIR);
    for (size_t i = 0; i < n; i++) {
        if ((size_t)snprintf(out, cap, "%s/%s", folders[i], name) >= cap ||
            access(out, executable ? X_OK : R_OK) != 0)
            continue;
        return true;
    }
    used =
        (size_t)snprintf(error, error_cap, _("%s is not installed in "), name);
    for (size_t i = 0; i < n && used < error_cap; i++)
        used += (size_t)snprintf(error + used, error_cap - used, "%s%s",
                                 i == 0       ? ""
                                 : i == n - 1 ? _(" or ")
                                              : ", ",
                                 folders[i]);
    out[0] = '\0';
    return false;
}

/* Whether 'folder' holds cancu's Vietnamese catalog, the one it ships. */
static bool has_catalog(const char *folder)
{
    char path[PATH_MAX];

    if ((size_t)snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/%s.mo", folder,
                         CLI_TEXT_DOMAIN) >= sizeof path)
        return false;
    return access(path, R_OK) == 0;
}

/* The folder of the message catalogs, looked for as the helpers are:
 * $CANCU_LOCALEDIR, locale/ beside the running program (the build
 * tree's), the install's folder relative to the program (from bindir for
 * cancu, from libexecdir/cancu for cancu-serve), else the configured
 * one. */
static void locale_folder(char *out, size_t cap)
{
    const char *env = secure_getenv("CANCU_LOCALEDIR");
    const char *relative[] = {"locale", CANCU_LOCALE_RELATIVE,
                              CANCU_LOCALE_RELATIVE_LIBEXEC};
    char own[PATH_MAX];

    if (env && env[0]) {
        snprintf(out, cap, "%s", env);
        return;
    }
    own_folder(own, sizeof own);
    for (size_t i = 0; own[0] && i < sizeof relative / sizeof *relative; i++) {
        if ((size_t)snprintf(out, cap, "%s/%s", own, relative[i]) < cap &&
            has_catalog(out))
            return;
    }
    snprintf(out, cap, "%s", CANCU_LOCALEDIR);
}

void cli_locale_init(void)
{
    char folder[PATH_MAX];

    setlocale(LC_ALL, "");
    locale_folder(folder, sizeof folder);
    bindtextdomain(CLI_TEXT_DOMAIN, folder);
    /* The catalog's UTF-8 whatever the locale's codeset: what the
     * commands print is UTF-8 throughout. */
    bind_textdomain_codeset(CLI_TEXT_DOMAIN, "UTF-8");
    textdomain(CLI_TEXT_DOMAIN);
}
