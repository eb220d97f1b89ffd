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
         guint32 mask, gsize *start)
{
  for (gsize i = 0; i < n; i++)
    {
      guint d = (field (src + i * size, offset) >> shift) & mask;

      memcpy (dst + start[d]++ * size, src + i * size, size);
    }
}

/* The counts of the @n_digits digits of @n records become the places
 * where each digit's records start; returns whether one digit has them
 * all, when a pass would move nothing. */
static inline gboolean
starts_of (gsize *count, gsize n_digits, gsize n)
{
  gsize sum = 0;
  gboolean one_digit = FALSE;

  for (gsize d = 0; d < n_digits; d++)
    {
      gsize c = count[d];

      one_digit |= c == n;
      count[d] = sum;
      sum += c;
    }
  return one_digit;
}

/* Below this many records, an insertion sort: a pass of the radix sort
 * clears and sums 2^16 counts whatever the records, hundreds of times the
 * work of sorting a few (a phrase described alone sorts four). */
#define SMALL_SORT 32

/* Whether record @x sorts before @y: by the fields, the last most
 * significant. */
static inline gboolean
record_before (const guint8 *x, const guint8 *y, const gsize *offsets, guint n_keys)
{
  for (guint k = n_keys; k-- > 0;)
    {
      guint32 a = field (x, offsets[k]), b = field (y, offsets[k]);

      if (a != b)
        return a < b;
    }
  return FALSE;
}

/* Stable: a record moves only past those it sorts strictly before.
 * @held has room for one record. */
static void
insertion_sort (guint8 *data, gsize n, gsize size, const gsize *offsets, guint n_keys,
                guint8 *held)
{
  for (gsize i = 1; i < n; i++)
    {
      gsize j = i;

      memcpy (held, data + i * size, size);
      for (; j > 0 && record_before (held, data + (j - 1) * size, offsets, n_keys); j--)
        memcpy (data + j * size, data + (j - 1) * size, size);
      memcpy (data + j * size, held, size);
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
  if (n < SMALL_SORT)
    {
      insertion_sort (data, n, size, offsets, n_keys, scratch);
      return;
    }
  count = g_new (gsize, DIGITS);
  for (guint k = 0; k < n_keys; k++)
    for (guint shift = 0; shift < 32; shift += 16)
      {
        guint32 max = 0;
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
        if (!starts_of (count, DIGITS, n))
          {
            guint32 m = DIGITS - 1;

            switch (size)
              {
              case 8: scatter (dst, src, n, 8, offsets[k], shift, m, count); break;
              case 12: scatter (dst, src, n, 12, offsets[k], shift, m, count); break;
              case 16: scatter (dst, src, n, 16, offsets[k], shift, m, count); break;
              case 20: scatter (dst, src, n, 20, offsets[k], shift, m, count); break;
              case 24: scatter (dst, src, n, 24, offsets[k], shift, m, count); break;
              default: scatter (dst, src, n, size, offsets[k], shift, m, count); break;
              }
            t = src, src = dst, dst = t;
          }
        if (shift == 0 && (max >> 16) == 0)
          break;
      }
  if (src != data)
    memcpy (data, src, n * size);
}

/* The top digit's buckets hold about this many bytes of records, so that
 * a bucket and its scratch stay in a core's own cache while it is sorted. */
#define SPREAD_BUCKET_BYTES ((gsize) 192 << 10)
#define SPREAD_MAX_TOP 11
#define SPREAD_DIGIT 8

/* One bucket, @n records at @in, sorted to @out by the low @bits bits of
 * the field, in @n_pass digits of @digit bits (the last may have fewer):
 * a pass per digit, all of them counted in one reading, and no pass where
 * every record has the same digit.  @in is left in no order.  Inlined for
 * 8-byte records, so that a record's copy is a move and not a call. */
static inline __attribute__ ((always_inline)) void
sort_low (guint8 *in, guint8 *out, gsize n, gsize size, gsize offset, guint n_pass, guint digit,
          guint bits)
{
  guint32 masks[(32 + SPREAD_DIGIT - 1) / SPREAD_DIGIT];
  gsize count[(32 + SPREAD_DIGIT - 1) / SPREAD_DIGIT][1u << SPREAD_DIGIT];
  guint8 *src = in, *dst = out, *t;

  for (guint p = 0; p < n_pass; p++)
    masks[p] = (1u << MIN (digit, bits - p * digit)) - 1;
  memset (count, 0, sizeof count);
  for (gsize i = 0; i < n; i++)
    {
      guint32 v = field (src + i * size, offset);

      for (guint p = 0; p < n_pass; p++)
        count[p][(v >> (p * digit)) & masks[p]]++;
    }
  for (guint p = 0; p < n_pass; p++)
    {
      if (starts_of (count[p], (gsize) masks[p] + 1, n))
        continue;
      scatter (dst, src, n, size, offset, p * digit, masks[p], count[p]);
      t = src, src = dst, dst = t;
    }
  if (src != out)
    memcpy (out, src, n * size);
}

guint
bagu_radix_spread_top (gsize n, gsize size)
{
  guint top = 1;

  while (top < SPREAD_MAX_TOP && (n * size) >> top > SPREAD_BUCKET_BYTES)
    top++;
  return top;
}

/* @n records at @in to @out, sorted by the low @bits bits of the field. */
static void
sort_low_bits (guint8 *in, guint8 *out, gsize n, gsize size, gsize offset, guint bits)
{
  guint n_pass = (bits + SPREAD_DIGIT - 1) / SPREAD_DIGIT;
  guint digit = (bits + n_pass - 1) / n_pass;

  if (size == 8)
    sort_low (in, out, n, 8, offset, n_pass, digit, bits);
  else
    sort_low (in, out, n, size, offset, n_pass, digit, bits);
}

/* Two passes of up to WIDE_DIGIT bits, @data to @scratch and back: for
 * the 17 to 24 low bits of a bucket of fingerprints, a pass and a copy
 * fewer than digits of eight bits take, with counts that still stay in a
 * core's cache. */
#define WIDE_DIGIT 12

static void
sort_two_wide (guint8 *data, guint8 *scratch, gsize n, gsize offset, guint bits)
{
  guint low = (bits + 1) / 2, high = bits - low;
  guint32 mask_low = (1u << low) - 1, mask_high = (1u << high) - 1;
  gsize count[2][1u << WIDE_DIGIT];
  gboolean one_low, one_high;

  memset (count, 0, sizeof count);
  for (gsize i = 0; i < n; i++)
    {
      guint32 v = field (data + i * 8, offset);

      count[0][v & mask_low]++;
      count[1][(v >> low) & mask_high]++;
    }
  one_low = starts_of (count[0], (gsize) mask_low + 1, n);
  one_high = starts_of (count[1], (gsize) mask_high + 1, n);
  if (one_low && one_high)
    return;
  if (one_low || one_high)
    {
      /* One pass moves them, a copy brings them back. */
      if (one_low)
        scatter (scratch, data, n, 8, offset, low, mask_high, count[1]);
      else
        scatter (scratch, data, n, 8, offset, 0, mask_low, count[0]);
      memcpy (data, scratch, n * 8);
      return;
    }
  scatter (scratch, data, n, 8, offset, 0, mask_low, count[0]);
  scatter (data, scratch, n, 8, offset, low, mask_high, count[1]);
}

void
bagu_radix_sort_low (void *data, gsize n, gsize size, gsize offset, guint bits, void *scratch)
{
  g_return_if_fail (bits >= 1 && bits <= 32);
  if (n < 2)
    return;
  if (size == 8 && bits > 2 * SPREAD_DIGIT && bits <= 2 * WIDE_DIGIT)
    {
      sort_two_wide (data, scratch, n, offset, bits);
      return;
    }
  memcpy (scratch, data, n * size);
  sort_low_bits (scratch, data, n, size, offset, bits);
}
