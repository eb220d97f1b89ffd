/* bagu-radix.h: stable radix sort of records by 32-bit fields.
 *
 * The phrase miner and the aligner sort tens of millions of small records
 * by a few integer fields; a least-significant-digit radix sort does that
 * in a few linear passes, where a comparison sort spends most of its time
 * in the comparison function. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * bagu_radix_sort:
 * @data: @n records of @size bytes each
 * @offsets: (array length=n_keys): the byte offsets of the guint32 fields
 *   to sort by, least significant first
 *
 * Sorts the records in place, stably, by the fields, the last most
 * significant.  Uses a buffer as large as the records.
 */
void bagu_radix_sort (void *data, gsize n, gsize size, const gsize *offsets, guint n_keys);

/**
 * bagu_radix_sort_with:
 * @scratch: room for @n records (@n * @size bytes) apart from @data,
 *   which the sort leaves in no order
 *
 * bagu_radix_sort, in memory the caller has: memory it takes next anyway,
 * say, so that the sort takes no new pages of its own.
 */
void bagu_radix_sort_with (void *data, gsize n, gsize size, const gsize *offsets, guint n_keys,
                           void *scratch);

/* The sort of records by one field whose values are spread evenly
 * over its 32 bits, such as fingerprints, by a caller that splits them
 * into buckets by the top bits itself (on several threads, say): a sort
 * by 16-bit digits scatters each pass over more memory than the cache
 * holds.  bagu_radix_spread_top is the bits of the top digit for @n
 * records of @size bytes, so that a bucket of spread keys fits a core's
 * cache; bagu_radix_sort_low sorts @n records in place, stably, by the
 * low @bits bits of the field at @offset, with @scratch room for @n. */
guint bagu_radix_spread_top (gsize n, gsize size);
void bagu_radix_sort_low (void *data, gsize n, gsize size, gsize offset, guint bits,
                          void *scratch);

G_END_DECLS
