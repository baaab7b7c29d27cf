#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Chunks grow geometrically; big requests get a chunk of their own. */
#define ARENA_FIRST_CHUNK 4096
#define ARENA_ALIGN 16

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used;
    size_t size;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} arena_chunk_t;

struct cancu_arena {
    arena_chunk_t *head;
    size_t next_size;
};

cancu_arena_t *cancu_arena__new(void)
{
    cancu_arena_t *arena = calloc(1, sizeof *arena);

    if (arena)
        arena->next_size = ARENA_FIRST_CHUNK;
    return arena;
}

void cancu_arena__destroy(cancu_arena_t *arena)
{
    if (!arena)
        return;
    for (arena_chunk_t *c = arena->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(arena);
}

void *cancu_arena__alloc(cancu_arena_t *arena, size_t size)
{
    arena_chunk_t *chunk = arena->head;
    size_t rounded, chunk_size, total;

    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (!chunk || chunk->size - chunk->used < rounded) {
        chunk_size = arena->next_size;
        if (chunk_size < rounded)
            chunk_size = rounded;
        if (!cancu_size_add(sizeof *chunk, chunk_size, &total))
            return NULL;
        chunk = malloc(total);
        if (!chunk)
            return NULL;
        chunk->used = 0;
        chunk->size = chunk_size;
        chunk->next = arena->head;
        arena->head = chunk;
        if (arena->next_size < ((size_t)1 << 24))
            arena->next_size *= 2;
    }
    void *p = chunk->data + chunk->used;
    chunk->used += rounded;
    return p;
}

char *cancu_arena__strndup(cancu_arena_t *arena, const char *s, size_t len)
{
    char *p = cancu_arena__alloc(arena, len + 1);

    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *cancu_arena__strdup(cancu_arena_t *arena, const char *s)
{
    return cancu_arena__strndup(arena, s, strlen(s));
}
