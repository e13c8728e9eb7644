/* devalue.h: JSON flattened by devalue (Nuxt 3's __NUXT_DATA__) as a tree. */
#ifndef PAGEFEED_DEVALUE_H
#define PAGEFEED_DEVALUE_H

#include <stddef.h>

struct json;

/* 1 when FLAT has devalue's shape: an array whose first value is its root. */
int		 devalue_looks(const struct json *flat);
/*
 * The tree FLAT stands for (free with json_free), at most MAX_NODES values
 * (a shared value is copied where it is used; a cycle ends in null), or
 * NULL when FLAT is not devalue's or needs more.
 */
struct json	*devalue_unflatten(const struct json *flat, size_t max_nodes);

#endif
