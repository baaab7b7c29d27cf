/* cancu: common macros for the public headers. */
#ifndef CANCU_COMMON_H
#define CANCU_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
#define CANCU_BEGIN_DECL extern "C" {
#define CANCU_END_DECL }
#else
#define CANCU_BEGIN_DECL
#define CANCU_END_DECL
#endif

#if defined(CANCU_BUILDING_LIBRARY) && defined(__GNUC__)
#define CANCU_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define CANCU_EXTERN(type) type
#endif

#define CANCU_VERSION_MAJOR 0
#define CANCU_VERSION_MINOR 1
#define CANCU_VERSION_PATCH 0
#define CANCU_VERSION "0.1.0"

#endif
