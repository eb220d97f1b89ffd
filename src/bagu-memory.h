/* bagu-memory.h: large arrays backed by huge pages where the system allows.
 *
 * The stages fill arrays of one or more values per token, hundreds of
 * megabytes on a large corpus, each written once from start to end.  With
 * pages of 4 KiB, taking the memory in costs as much as filling it; the
 * kernel gives pages of 2 MiB to memory advised so (transparent huge pages
 * in "madvise" mode, the default of Debian).  Nothing changes where it
 * does not. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Advises the whole 2 MiB pages inside @data … @data + @size to be huge
 * pages.  Worth it before the memory is first written. */
void bagu_memory_advise (gpointer data, gsize size);

/* g_malloc and g_malloc0 for large arrays, freed with g_free. */
gpointer bagu_memory_new (gsize size);
gpointer bagu_memory_new0 (gsize size);

#define bagu_new(type, n) ((type *) bagu_memory_new (sizeof (type) * (gsize) (n)))
#define bagu_new0(type, n) ((type *) bagu_memory_new0 (sizeof (type) * (gsize) (n)))

/* A GArray with room for @reserved elements (up to 1 GiB of them), advised
 * as huge pages: the room is only address space until it is filled, and
 * the array does not move as it grows into it.  For arrays whose size is
 * bounded (by the tokens, say) but not known before they are filled. */
GArray *bagu_array_new (gboolean clear, guint element_size, gsize reserved);

G_END_DECLS
