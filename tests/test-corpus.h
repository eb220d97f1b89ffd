/* tests/test-corpus.h: corpora made from strings, and their index, for the unit tests. */
#pragma once

#include <string.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "bagu-corpus.h"
#include "bagu-index.h"
#include "bagu-load.h"
#include "bagu-noise.h"

/* Whether the @k tokens of @t (@n of them) at @p lie inside it and hold
 * no separator: a run that bagu-runs.h fingerprints. */
G_GNUC_UNUSED static gboolean
test_clean_run (const guint32 *t, guint32 n, guint32 p, guint32 k)
{
  if ((guint64) p + k > n)
    return FALSE;
  for (guint32 i = 0; i < k; i++)
    if (t[p + i] == BAGU_TOKEN_SEP)
      return FALSE;
  return TRUE;
}

G_GNUC_UNUSED static void
fail_on_skip (const char *path, const GError *error, gpointer user_data)
{
  print_error ("%s skipped: %s\n", path, error != NULL ? error->message : "?");
  fail ();
}

/* Writes each text to a file of its own in a temporary directory and loads
 * them, one paragraph per line; the files are gone when it returns. */
G_GNUC_UNUSED static BaguCorpus *
load_texts (const char *const *texts, guint n, const BaguNoiseRules *rules)
{
  BaguCorpus *corpus = bagu_corpus_new ();
  g_autofree char *dir = g_dir_make_tmp ("bagu-test-XXXXXX", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  BaguLoadOptions options = { 0 };

  assert_non_null (dir);
  for (guint i = 0; i < n; i++)
    {
      char *path = g_strdup_printf ("%s/doc%04u.txt", dir, i);

      assert_true (g_file_set_contents_full (path, texts[i], -1, G_FILE_SET_CONTENTS_NONE,
                                             0644, NULL));
      g_ptr_array_add (paths, path);
    }
  options.mode = BAGU_PARAGRAPHS_LINES;
  options.rules = rules;
  assert_true (bagu_load_corpus (corpus, (const char *const *) paths->pdata, n, &options,
                                 fail_on_skip, NULL, &error));
  assert_null (error);
  for (guint i = 0; i < n; i++)
    assert_int_equal (g_unlink (paths->pdata[i]), 0);
  assert_int_equal (g_rmdir (dir), 0);
  /* Without rules no file is a compilation: one document each. */
  if (rules == NULL)
    assert_int_equal (corpus->documents->len, n);
  return corpus;
}

G_GNUC_UNUSED static BaguIndex *
build_index (const BaguCorpus *corpus)
{
  g_autoptr(GError) error = NULL;
  BaguIndex *index = bagu_index_build (corpus->tokens, corpus->n_tokens, &error);

  assert_null (error);
  assert_non_null (index);
  return index;
}

/* The character offset of the first @needle in document @doc's text. */
G_GNUC_UNUSED static guint32
char_offset (const BaguCorpus *corpus, guint doc, const char *needle)
{
  const BaguDocument *d = bagu_corpus_document (corpus, doc);
  const char *text = bagu_document_text (corpus, d);
  g_autofree char *copy = g_strndup (text, bagu_document_text_len (d));
  const char *at = strstr (copy, needle);

  assert_non_null (at);
  return g_utf8_pointer_to_offset (copy, at);
}

/* The sample corpus, with the default noise rules. */
G_GNUC_UNUSED static BaguCorpus *
load_samples (void)
{
  BaguCorpus *corpus = bagu_corpus_new ();
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autofree char *rules_path = test_srcpath ("templates", "noise.rules", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  BaguLoadOptions options = { 0 };

  assert_true (bagu_noise_rules_add_file (rules, rules_path, NULL));
  options.rules = rules;
  for (guint i = 0; i < G_N_ELEMENTS (test_samples); i++)
    g_ptr_array_add (paths, test_srcpath ("samples", test_samples[i], NULL));
  assert_true (bagu_load_corpus (corpus, (const char *const *) paths->pdata, paths->len,
                                 &options, NULL, NULL, NULL));
  assert_int_equal (corpus->sources->len, 5);
  return corpus;
}
