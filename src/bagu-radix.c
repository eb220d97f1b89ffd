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

void
bagu_radix_sort (void *data, gsize n, gsize size, const gsize *offsets, guint n_keys)
{
  g_autofree guint8 *buffer = NULL;
  g_autofree gsize *count = NULL;
  guint8 *src = data, *dst;

  if (n < 2)
    return;
  buffer = g_malloc (n * size);
  count = g_new (gsize, DIGITS);
  dst = buffer;
  for (guint k = 0; k < n_keys; k++)
    {
      guint32 max = 0;

      for (gsize i = 0; i < n; i++)
        max = MAX (max, field (src + i * size, offsets[k]));
      /* Digits above the largest value are zero everywhere: no pass. */
      for (guint shift = 0; shift < 32 && (max >> shift) > 0; shift += 16)
        {
          gsize sum = 0;
          guint8 *t;

          memset (count, 0, DIGITS * sizeof (gsize));
          for (gsize i = 0; i < n; i++)
            count[(field (src + i * size, offsets[k]) >> shift) & (DIGITS - 1)]++;
          for (guint d = 0; d < DIGITS; d++)
            {
              gsize c = count[d];

              count[d] = sum;
              sum += c;
            }
          for (gsize i = 0; i < n; i++)
            {
              guint d = (field (src + i * size, offsets[k]) >> shift) & (DIGITS - 1);

              memcpy (dst + count[d]++ * size, src + i * size, size);
            }
          t = src, src = dst, dst = t;
        }
    }
  if (src != data)
    memcpy (data, src, n * size);
}
