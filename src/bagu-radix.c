/* bagu-radix.c: least-significant-digit radix sort, 16 bits a pass. */
#include "config.h"

#include <string.h>

#include "bagu-radix.h"

#define DIGITS (1u << 16)

static inline guint32
field (const guint8 *record, gsize offset)
{
  guint32 v;

  memcpy (&v, record + offset, sizeof v);
  return v;
}

/* One pass: the records of src to dst by their digit, after the ones of
 * smaller digits.  Inlined for each record size the callers use, so that
 * the copy of a record is a few moves and not a call. */
static inline __attribute__ ((always_inline)) void
scatter (guint8 *dst, const guint8 *src, gsize n, gsize size, gsize offset, guint shift,
         gsize *start)
{
  for (gsize i = 0; i < n; i++)
    {
      guint d = (field (src + i * size, offset) >> shift) & (DIGITS - 1);

      memcpy (dst + start[d]++ * size, src + i * size, size);
    }
}

void
bagu_radix_sort (void *data, gsize n, gsize size, const gsize *offsets, guint n_keys)
{
  g_autofree guint8 *buffer = NULL;

  if (n < 2)
    return;
  buffer = g_malloc (n * size);
  bagu_radix_sort_with (data, n, size, offsets, n_keys, buffer);
}

void
bagu_radix_sort_with (void *data, gsize n, gsize size, const gsize *offsets, guint n_keys,
                      void *scratch)
{
  g_autofree gsize *count = NULL;
  guint8 *src = data, *dst = scratch;

  if (n < 2)
    return;
  count = g_new (gsize, DIGITS);
  for (guint k = 0; k < n_keys; k++)
    for (guint shift = 0; shift < 32; shift += 16)
      {
        guint32 max = 0;
        gsize sum = 0;
        gboolean one_digit = FALSE;
        guint8 *t;

        /* The digit's counts, and on the low digit the largest value
         * too: digits above it are zero everywhere, no pass. */
        memset (count, 0, DIGITS * sizeof (gsize));
        if (shift == 0)
          for (gsize i = 0; i < n; i++)
            {
              guint32 v = field (src + i * size, offsets[k]);

              max = MAX (max, v);
              count[v & (DIGITS - 1)]++;
            }
        else
          for (gsize i = 0; i < n; i++)
            count[(field (src + i * size, offsets[k]) >> shift) & (DIGITS - 1)]++;
        for (guint d = 0; d < DIGITS; d++)
          {
            gsize c = count[d];

            one_digit |= c == n;
            count[d] = sum;
            sum += c;
          }
        /* Every record has the same digit: the pass would move nothing. */
        if (!one_digit)
          {
            switch (size)
              {
              case 8: scatter (dst, src, n, 8, offsets[k], shift, count); break;
              case 12: scatter (dst, src, n, 12, offsets[k], shift, count); break;
              case 16: scatter (dst, src, n, 16, offsets[k], shift, count); break;
              case 20: scatter (dst, src, n, 20, offsets[k], shift, count); break;
              case 24: scatter (dst, src, n, 24, offsets[k], shift, count); break;
              default: scatter (dst, src, n, size, offsets[k], shift, count); break;
              }
            t = src, src = dst, dst = t;
          }
        if (shift == 0 && (max >> 16) == 0)
          break;
      }
  if (src != data)
    memcpy (data, src, n * size);
}
