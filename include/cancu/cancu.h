/* cancu: Vietnamese administrative plans into an archive of legal
 * references, tasks and deadlines. The umbrella header. */
#ifndef CANCU_H
#define CANCU_H

#include "common.h"
#include "status.h"
#include "document.h"
#include "archive.h"
#include "search.h"
#include "tasks.h"
#include "registry.h"
#include "check.h"

CANCU_BEGIN_DECL

/* The library's version string, e.g. "0.1.0". */
CANCU_EXTERN(const char *) cancu_version(void);

CANCU_END_DECL

#endif
