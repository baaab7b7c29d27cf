/* cancu-serve: the program 'cancu serve' becomes (cli/cancu-serve.c),
 * so that libmicrohttpd is linked into this program alone. It takes
 * what cancu passes on: the global options given before the command,
 * then "serve" and the command's own arguments. */
#include <signal.h>
#include <string.h>

#include "cli/serve/serve.h"

int main(int argc, char **argv)
{
    int i = 1;

    cli_locale_init();
    signal(SIGXFSZ, SIG_IGN);
    while (i < argc && argv[i][0] == '-')
        if (!cli_global_option(argc, argv, &i))
            break;
    if (i >= argc || strcmp(argv[i], "serve") != 0) {
        cli_error(_("%s is run by 'cancu serve' (see 'cancu serve --help')"),
                  CLI_SERVE_PROGRAM);
        return CLI_EXIT_BAD_INPUT;
    }
    return serve_command(argc - i, argv + i);
}
