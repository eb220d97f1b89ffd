/* bagu-memory.h: arrays with room reserved up to a known bound.
 *
 * Several stages fill arrays whose length is bounded (by the tokens, say)
 * but not known before they are filled.  Room taken at the bound at once
 * is only address space until it is written, and the array does not move
 * (copying what it holds) as it grows into it.
 *
 * No huge pages are asked for: where free memory is given back to the
 * host of a virtual machine a huge page at a time (free page reporting,
 * as on the machine of reports/performance.md), a huge page comes back
 * new from the host at every run, and taking it costs more than the small
 * pages the guest still holds.  On 5,000 documents, runs taken in turn:
 * analyze 2.38 -> 2.19 s on average, system time 1.09 -> 0.47 s.  On
 * 50,000, where the arrays pass 256 MB, huge pages for those made no
 * difference to the index and the phrases. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GArray with room for @reserved elements (up to 1 GiB of them). */
GArray *bagu_array_new (gboolean clear, guint element_size, gsize reserved);

G_END_DECLS
