/* bench/bench-tokenize.c: tokenizer throughput (MB/s) over at least 20 MB of text. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bagu-corpus.h"
#include "bagu-tokenize.h"

#define TARGET_BYTES ((gsize) 20 * 1000 * 1000)
#define REPETITIONS 5

/* Copy @k of a text: digits shifted by k and the copy number appended, so
 * that copies differ the way reports of different units do and the
 * vocabulary and numbers are not all identical. */
static void
append_variant (GString *out, const char *text, gsize len, guint k)
{
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c >= '0' && c <= '9')
        c = '0' + (c - '0' + k) % 10;
      g_string_append_c (out, c);
    }
  g_string_append_printf (out, " %u\n", k);
}

/* Tokenizes every span once; returns the time taken in microseconds. */
static gint64
time_tokenize (BaguCorpus *corpus, const char *text, GArray *ends)
{
  gsize start = 0;
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < ends->len; i++)
    {
      gsize end = g_array_index (ends, gsize, i);

      bagu_tokenize_span (corpus, text, start, end, 0, NULL, 0);
      start = end;
    }
  return g_get_monotonic_time () - t0;
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) lens = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) all = NULL;
  gsize input_bytes = 0;
  gint64 best = G_MAXINT64;
  gint64 best_warm = G_MAXINT64;
  gsize n_tokens = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-tokenize FILE...\n");
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      char *text;
      gsize len;

      if (!g_file_get_contents (argv[i], &text, &len, &error))
        {
          fprintf (stderr, "bench-tokenize: %s\n", error->message);
          return 1;
        }
      if (!g_utf8_validate (text, len, NULL))
        {
          fprintf (stderr, "bench-tokenize: %s: not UTF-8\n", argv[i]);
          g_free (text);
          return 1;
        }
      g_ptr_array_add (texts, text);
      g_array_append_val (lens, len);
      input_bytes += len;
    }
  if (input_bytes == 0)
    {
      fprintf (stderr, "bench-tokenize: the input files are empty\n");
      return 1;
    }

  /* Every copy of every file is one span, as a document would be. */
  all = g_string_sized_new (TARGET_BYTES + input_bytes + 64 * texts->len);
  for (guint k = 0; all->len < TARGET_BYTES; k++)
    for (guint i = 0; i < texts->len; i++)
      {
        append_variant (all, texts->pdata[i], g_array_index (lens, gsize, i), k);
        g_array_append_val (ends, all->len);
      }

  /* Each repetition starts from an empty corpus, as a real run does, so
   * the figure includes growing the vocabulary and the first touch of the
   * token arrays. */
  for (int rep = 0; rep < REPETITIONS; rep++)
    {
      g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
      gint64 t = time_tokenize (corpus, all->str, ends);

      best = MIN (best, t);
      n_tokens = corpus->n_tokens;
    }

  /* The first touch of fresh memory costs a page fault per 4 KiB, which
   * on some virtual machines outweighs the tokenizer's own work; the same
   * run over arrays already in memory tells the two apart. */
  {
    g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();

    for (int rep = 0; rep < REPETITIONS; rep++)
      {
        gint64 t;

        corpus->n_tokens = 0;
        t = time_tokenize (corpus, all->str, ends);
        best_warm = MIN (best_warm, t);
      }
  }
  fprintf (stderr, "bench-tokenize: %.1f MB/s with the token arrays already in memory\n",
           (double) all->len / (double) MAX (best_warm, 1));

  /* Bytes per microsecond are MB (10^6 bytes) per second. */
  printf ("tokenize_mb_per_s=%.1f bytes=%" G_GSIZE_FORMAT " tokens=%" G_GSIZE_FORMAT "\n",
          (double) all->len / (double) MAX (best, 1), all->len, n_tokens);
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      fprintf (stderr, "bench-tokenize: write error\n");
      return 1;
    }
  return 0;
}
