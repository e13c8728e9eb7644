/*
 * devalue.c: JSON that devalue flattened (Nuxt 3's __NUXT_DATA__), made a
 * tree again.  The payload is one array of values; in objects and plain
 * arrays every member is the index of its value in it (so a value can be
 * shared, or refer back to itself), and an array whose first member is a
 * string is a typed value: ["Date", "2026-12-02T08:00:00Z"],
 * ["Reactive", 5] (Nuxt's wrappers: the value at 5), ["Set", 3, 4],
 * ["Map", k, v, ...], ["null", k, v, ...] (an object).  Negative indices
 * are undefined, holes, NaN and infinities.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "devalue.h"
#include "json.h"
#include "util.h"

struct dv {
	const struct json	**d_vals;	/* the payload, by index */
	size_t			  d_nvals;
	size_t			  d_budget;	/* values left to make */
	int			  d_over;	/* the budget ran out */
};

static struct json	*dv_at(struct dv *, const struct json *, int);

/* The index a member holds: -1 for no value (a negative index, not one). */
static long
dv_index(const struct dv *d, const struct json *j)
{
	if (j == NULL || j->j_type != JSON_NUMBER || j->j_num < 0 ||
	    j->j_num != floor(j->j_num) || j->j_num >= (double)d->d_nvals)
		return (-1);
	return ((long)j->j_num);
}

static struct json *
dv_new(struct dv *d, enum json_type type)
{
	struct json	*j;

	if (d->d_budget == 0) {
		d->d_over = 1;
		return (NULL);
	}
	d->d_budget--;
	j = xcalloc(1, sizeof(*j));
	j->j_type = type;
	return (j);
}

/* A copy of a string, number, true, false or null. */
static struct json *
dv_scalar(struct dv *d, const struct json *v)
{
	struct json	*j = dv_new(d, v->j_type);

	if (j == NULL)
		return (NULL);
	j->j_num = v->j_num;
	j->j_str = v->j_str != NULL ? xstrdup(v->j_str) : NULL;
	return (j);
}

/* The value at the index member J holds, as a tree; null for none. */
static struct json *
dv_ref(struct dv *d, const struct json *j, int depth)
{
	long	 i = dv_index(d, j);

	if (i < 0 || depth >= JSON_MAX_DEPTH) {
		/* Undefined, a hole, NaN, a cycle or too deep: null. */
		return (dv_new(d, JSON_NULL));
	}
	return (dv_at(d, d->d_vals[i], depth + 1));
}

/* Appends C (with KEY, or none) to P's members, after *LAST. */
static void
dv_add(struct json *p, struct json **last, struct json *c, const char *key)
{
	if (c == NULL)
		return;
	if (key != NULL)
		c->j_key = xstrdup(key);
	if (*last == NULL)
		p->j_child = c;
	else
		(*last)->j_next = c;
	*last = c;
}

/* Members FROM on of array V: values, or key-value pairs into an object. */
static struct json *
dv_members(struct dv *d, const struct json *from, int pairs, int depth)
{
	struct json		*p = dv_new(d, pairs ? JSON_OBJECT : JSON_ARRAY);
	struct json		*last = NULL, *k;
	const struct json	*m;

	if (p == NULL)
		return (NULL);
	for (m = from; m != NULL && !d->d_over; m = m->j_next) {
		if (!pairs) {
			dv_add(p, &last, dv_ref(d, m, depth), NULL);
			continue;
		}
		if (m->j_next == NULL)
			break;
		k = dv_ref(d, m, depth);
		m = m->j_next;
		if (k != NULL && k->j_type == JSON_STRING)
			dv_add(p, &last, dv_ref(d, m, depth), k->j_str);
		json_free(k);
	}
	return (p);
}

/* A typed value ["Type", ...]. */
static struct json *
dv_typed(struct dv *d, const struct json *v, int depth)
{
	const char		*type = v->j_child->j_str;
	const struct json	*arg = v->j_child->j_next;

	if (strcmp(type, "Date") == 0 || strcmp(type, "BigInt") == 0 ||
	    strcmp(type, "RegExp") == 0)
		return (arg != NULL && arg->j_type == JSON_STRING ?
		    dv_scalar(d, arg) : dv_new(d, JSON_NULL));
	if (strcmp(type, "Set") == 0)
		return (dv_members(d, arg, 0, depth));
	if (strcmp(type, "Map") == 0 || strcmp(type, "null") == 0)
		return (dv_members(d, arg, 1, depth));
	/* Nuxt's Reactive, ShallowReactive, Ref, Object...: one value. */
	if (arg != NULL && arg->j_next == NULL)
		return (dv_ref(d, arg, depth));
	return (dv_new(d, JSON_NULL));
}

static struct json *
dv_at(struct dv *d, const struct json *v, int depth)
{
	struct json		*p, *last = NULL;
	const struct json	*m;

	switch (v->j_type) {
	case JSON_ARRAY:
		if (v->j_child != NULL && v->j_child->j_type == JSON_STRING)
			return (dv_typed(d, v, depth));
		return (dv_members(d, v->j_child, 0, depth));
	case JSON_OBJECT:
		if ((p = dv_new(d, JSON_OBJECT)) == NULL)
			return (NULL);
		for (m = v->j_child; m != NULL && !d->d_over; m = m->j_next)
			dv_add(p, &last, dv_ref(d, m, depth), m->j_key);
		return (p);
	default:
		return (dv_scalar(d, v));
	}
}

int
devalue_looks(const struct json *flat)
{
	const struct json	*first, *m;
	size_t			 n = 0;

	if (flat == NULL || flat->j_type != JSON_ARRAY ||
	    (first = flat->j_child) == NULL)
		return (0);
	for (m = flat->j_child; m != NULL; m = m->j_next)
		n++;
	/* Its root: a typed value, or an object of indices. */
	if (first->j_type == JSON_ARRAY)
		return (first->j_child != NULL &&
		    first->j_child->j_type == JSON_STRING &&
		    first->j_child->j_next != NULL &&
		    first->j_child->j_next->j_type == JSON_NUMBER);
	if (first->j_type != JSON_OBJECT || first->j_child == NULL)
		return (0);
	for (m = first->j_child; m != NULL; m = m->j_next)
		if (m->j_type != JSON_NUMBER || m->j_num >= (double)n ||
		    m->j_num != floor(m->j_num))
			return (0);
	return (1);
}

struct json *
devalue_unflatten(const struct json *flat, size_t max_nodes)
{
	struct dv		 d;
	const struct json	*m;
	struct json		*root;
	size_t			 n = 0;

	if (!devalue_looks(flat))
		return (NULL);
	memset(&d, 0, sizeof(d));
	for (m = flat->j_child; m != NULL; m = m->j_next)
		n++;
	d.d_vals = xcalloc(n, sizeof(*d.d_vals));
	for (m = flat->j_child; m != NULL; m = m->j_next)
		d.d_vals[d.d_nvals++] = m;
	d.d_budget = max_nodes;
	root = dv_at(&d, d.d_vals[0], 0);
	free(d.d_vals);
	if (d.d_over) {
		json_free(root);
		return (NULL);
	}
	return (root);
}
