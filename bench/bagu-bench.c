/* bench/bagu-bench.c: random numbers, n-gram hashes and a key table for the bench tools. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bagu-bench.h"

/* Odd, so that multiplying is a bijection modulo 2^64. */
#define NGRAM_BASE G_GUINT64_CONSTANT (0x100000001b3)

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
bagu_rng_init (BaguRng *rng, guint64 seed)
{
  guint64 x = seed;

  for (guint i = 0; i < 4; i++)
    {
      x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      rng->s[i] = bagu_mix64 (x);
    }
}

guint64
bagu_rng_next (BaguRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
bagu_rng_double (BaguRng *rng)
{
  return (bagu_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

guint32
bagu_rng_below (BaguRng *rng, guint32 n)
{
  g_return_val_if_fail (n > 0, 0);
  /* The high 32 bits times n: unbiased enough for n far below 2^32. */
  return (guint32) (((bagu_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

guint64
bagu_ngram_hash (const gunichar *text, guint n)
{
  guint64 h = 0;

  for (guint i = 0; i < n; i++)
    h = h * NGRAM_BASE + text[i] + 1;
  return h;
}

void
bagu_ngram_roll_init (BaguNgramRoll *roll, guint n)
{
  g_return_if_fail (n > 0);
  memset (roll, 0, sizeof *roll);
  roll->n = n;
  roll->power = 1;
  for (guint i = 1; i < n; i++)
    roll->power *= NGRAM_BASE;
  roll->window = g_new0 (gunichar, n);
}

void
bagu_ngram_roll_reset (BaguNgramRoll *roll)
{
  roll->hash = 0;
  roll->filled = 0;
  roll->head = 0;
}

gboolean
bagu_ngram_roll_push (BaguNgramRoll *roll, gunichar c, guint64 *hash)
{
  if (roll->filled == roll->n)
    {
      gunichar out = roll->window[roll->head];

      roll->hash -= (out + 1) * roll->power;
    }
  else
    roll->filled++;
  roll->hash = roll->hash * NGRAM_BASE + c + 1;
  roll->window[roll->head] = c;
  roll->head = (roll->head + 1) % roll->n;
  if (roll->filled < roll->n)
    return FALSE;
  *hash = roll->hash;
  return TRUE;
}

gboolean
bagu_ngram_roll_peek (const BaguNgramRoll *roll, gunichar c, guint64 *hash)
{
  guint64 h = roll->hash;

  if (roll->filled + 1 < roll->n)
    return FALSE;
  if (roll->filled == roll->n)
    h -= (roll->window[roll->head] + 1) * roll->power;
  *hash = h * NGRAM_BASE + c + 1;
  return TRUE;
}

void
bagu_ngram_roll_clear (BaguNgramRoll *roll)
{
  g_clear_pointer (&roll->window, g_free);
}

void
bagu_key_table_init (BaguKeyTable *table, gsize expected)
{
  gsize size = 64;

  while (size < expected * 2)
    size *= 2;
  table->keys = g_new0 (guint64, size);
  table->values = g_new0 (guint32, size);
  table->mask = size - 1;
  table->n_used = 0;
}

void
bagu_key_table_clear (BaguKeyTable *table)
{
  g_clear_pointer (&table->keys, g_free);
  g_clear_pointer (&table->values, g_free);
  table->mask = 0;
  table->n_used = 0;
}

static void
grow (BaguKeyTable *table)
{
  gsize old_size = table->mask + 1;
  guint64 *old_keys = table->keys;
  guint32 *old_values = table->values;
  gsize size = old_size * 2;

  table->keys = g_new0 (guint64, size);
  table->values = g_new0 (guint32, size);
  table->mask = size - 1;
  for (gsize i = 0; i < old_size; i++)
    {
      gsize j;

      if (old_keys[i] == 0)
        continue;
      j = bagu_mix64 (old_keys[i]) & table->mask;
      while (table->keys[j] != 0)
        j = (j + 1) & table->mask;
      table->keys[j] = old_keys[i];
      table->values[j] = old_values[i];
    }
  g_free (old_keys);
  g_free (old_values);
}

guint32 *
bagu_key_table_lookup (BaguKeyTable *table, guint64 key, gboolean insert)
{
  gsize i;

  if (key == 0)
    key = 1;
  i = bagu_mix64 (key) & table->mask;
  while (table->keys[i] != 0)
    {
      if (table->keys[i] == key)
        return &table->values[i];
      i = (i + 1) & table->mask;
    }
  if (!insert)
    return NULL;
  /* Keep the load at most one half, so that probes stay short. */
  if ((table->n_used + 1) * 2 > table->mask + 1)
    {
      grow (table);
      return bagu_key_table_lookup (table, key, TRUE);
    }
  table->keys[i] = key;
  table->values[i] = 0;
  table->n_used++;
  return &table->values[i];
}

int
bagu_bench_usage_error (const char *program, const char *format, ...)
{
  va_list ap;
  g_autofree char *message = NULL;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  fprintf (stderr, "%s: %s\nTry '%s --help' for more information.\n", program, message, program);
  return 2;
}
