/* bench/bagu-bench.h: what the corpus generator and the evaluator share.
 *
 * A seeded random generator whose sequence never changes (GRand's may, from
 * one GLib to the next, and a corpus must be the same for the same seed),
 * hashes of character n-grams, and a flat hash table of 64-bit keys. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* xoshiro256** seeded through splitmix64. */
typedef struct {
  guint64 s[4];
} BaguRng;

void bagu_rng_init (BaguRng *rng, guint64 seed);
guint64 bagu_rng_next (BaguRng *rng);
/* A uniform integer in [0, n); n > 0. */
guint32 bagu_rng_below (BaguRng *rng, guint32 n);
/* A uniform double in [0, 1). */
double bagu_rng_double (BaguRng *rng);

/* A 64-bit finaliser: spreads the bits of @x (splitmix64's). */
static inline guint64
bagu_mix64 (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  x ^= x >> 31;
  return x;
}

/* The hash of the @n code points at @text, the same whatever the caller:
 * the generator's uniqueness checks and the evaluator's baseline agree. */
guint64 bagu_ngram_hash (const gunichar *text, guint n);

/* Rolling form of bagu_ngram_hash: after bagu_ngram_roll_init (&r, n),
 * feed code points one by one; once n have been fed, bagu_ngram_roll_push
 * returns the hash of the last n. */
typedef struct {
  guint n;
  guint64 power;    /* BASE^(n-1) */
  guint64 hash;
  gunichar *window; /* ring of the last n code points */
  guint filled;
  guint head;
} BaguNgramRoll;

void bagu_ngram_roll_init (BaguNgramRoll *roll, guint n);
void bagu_ngram_roll_reset (BaguNgramRoll *roll);
/* Returns TRUE and sets *hash once the window is full. */
gboolean bagu_ngram_roll_push (BaguNgramRoll *roll, gunichar c, guint64 *hash);
/* The hash bagu_ngram_roll_push would give for @c, without pushing it. */
gboolean bagu_ngram_roll_peek (const BaguNgramRoll *roll, gunichar c, guint64 *hash);
void bagu_ngram_roll_clear (BaguNgramRoll *roll);

/* An open-addressing table from 64-bit keys to 32-bit values.  Flat arrays,
 * because the baseline puts tens of millions of n-grams in it. */
typedef struct {
  guint64 *keys;    /* 0 marks an empty slot; key 0 is stored as 1 */
  guint32 *values;
  gsize mask;
  gsize n_used;
} BaguKeyTable;

void bagu_key_table_init (BaguKeyTable *table, gsize expected);
void bagu_key_table_clear (BaguKeyTable *table);
/* The value slot of @key, or NULL when absent and !insert.  A new slot's
 * value is 0.  The pointer is valid until the next insertion. */
guint32 *bagu_key_table_lookup (BaguKeyTable *table, guint64 key, gboolean insert);

/* A CJK ideograph (the unified blocks and their extensions). */
static inline gboolean
bagu_is_han (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
         || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

/* A character that counts in the evaluator's measures: not white space,
 * not punctuation or a symbol (bagu's tokens leave those out too). */
static inline gboolean
bagu_is_content (gunichar c)
{
  return !g_unichar_isspace (c) && !g_unichar_ispunct (c);
}

/* Prints "PROGRAM: MESSAGE" and the hint to --help on stderr; returns 2. */
int bagu_bench_usage_error (const char *program, const char *format, ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
