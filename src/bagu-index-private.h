/* bagu-index-private.h: what the tests of the index set besides the API. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest text whose LMS suffixes SA-IS marks in the top bit of their
 * entries, so that they are gathered without reading the text; on longer
 * ones every entry is tested.  BAGU_INDEX_MARK_LIMIT unless a test lowers
 * it, to build indexes, or some levels of them, the other way. */
#define BAGU_INDEX_MARK_LIMIT ((guint32) G_MAXINT32)

extern guint32 bagu_index_mark_limit;

G_END_DECLS
