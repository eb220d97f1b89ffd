/* tests/test-phrases.c: stock phrases on hand-made corpora, against a brute-force reference, and on the samples. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "test-corpus.h"
#include "bagu-corpus.h"
#include "bagu-index.h"
#include "bagu-load.h"
#include "bagu-noise.h"
#include "bagu-phrases.h"
#include "bagu-parallel.h"
#include "bagu-tokenize.h"

/* Describes every phrase of a set: the first call fills text and fills in,
 * a second leaves them as they are. */
static void
describe_all (BaguPhraseSet *set)
{
  for (guint i = 0; i < set->phrases->len; i++)
    {
      BaguPhrase *p = bagu_phrase_set_get (set, i);
      const char *text;
      GPtrArray *fills;

      /* Phrases are found without their text. */
      assert_null (p->text);
      assert_null (p->fills);
      bagu_phrase_describe (set, p);
      assert_non_null (p->text);
      assert_int_equal (p->fills != NULL, p->n_slots > 0);
      text = p->text;
      fills = p->fills;
      bagu_phrase_describe (set, p);
      assert_ptr_equal (p->text, text);
      assert_ptr_equal (p->fills, fills);
    }
}

/* The phrases of @corpus found with @index (which must outlive them), all
 * described. */
static BaguPhraseSet *
find_phrases (const BaguCorpus *corpus, const BaguIndex *index, guint min_length,
              guint min_docs)
{
  BaguPhraseOptions options = { min_length, min_docs };
  BaguPhraseSet *set = bagu_phrases_find (corpus, index, &options);

  assert_ptr_equal (set->corpus, corpus);
  assert_ptr_equal (set->index, index);
  describe_all (set);
  return set;
}

/* The occurrences of a phrase (transfer full).  The array handed to
 * bagu_phrase_occurrences is not empty, to check that it is cleared. */
static GArray *
phrase_occurrences (const BaguPhraseSet *set, const BaguPhrase *p)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (BaguOccurrence));
  BaguOccurrence junk = { 99, 99, 99, 99 };

  g_array_append_val (out, junk);
  g_array_append_val (out, junk);
  assert_int_equal (bagu_phrase_occurrences (set, p, out), p->count);
  assert_int_equal (out->len, p->count);
  return out;
}

static const BaguOccurrence *
occurrence (GArray *occ, guint i)
{
  assert_true (i < occ->len);
  return &g_array_index (occ, BaguOccurrence, i);
}

/* The phrase whose text is @text, or NULL. */
static const BaguPhrase *
phrase_with_text (const BaguPhraseSet *set, const char *text)
{
  for (guint i = 0; i < set->phrases->len; i++)
    if (strcmp (bagu_phrase_set_get (set, i)->text, text) == 0)
      return bagu_phrase_set_get (set, i);
  return NULL;
}

/* The tokens of a phrase as strings separated by spaces. */
static char *
phrase_tokens (const BaguCorpus *corpus, const BaguPhraseSet *set, const BaguPhrase *p)
{
  g_autoptr(GArray) occ = phrase_occurrences (set, p);
  GString *out = g_string_new (NULL);

  for (guint32 k = 0; k < p->length; k++)
    {
      g_autofree char *s = bagu_token_to_string (corpus,
                                                 corpus->tokens[occurrence (occ, 0)->pos + k]);

      if (k > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, s);
    }
  return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The set's phrases as "TEXT/df/count", sorted, joined by " | ". */
static char *
summary (const BaguPhraseSet *set)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < set->phrases->len; i++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, i);

      g_ptr_array_add (items, g_strdup_printf ("%s/%u/%u", p->text, p->df, p->count));
    }
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (out, " | ");
      g_string_append (out, g_ptr_array_index (items, i));
    }
  return g_string_free (out, FALSE);
}

#define assert_summary(set, expected) \
  do { \
    g_autofree char *got_ = summary (set); \
    if (strcmp (got_, (expected)) != 0) \
      print_error ("phrases: %s\nexpected: %s\n", got_, (expected)); \
    assert_string_equal (got_, (expected)); \
  } while (0)

static void
assert_occurrence (GArray *occ, guint i, guint32 doc, guint32 start, guint32 end)
{
  const BaguOccurrence *o = occurrence (occ, i);

  assert_int_equal (o->doc, doc);
  assert_int_equal (o->start, start);
  assert_int_equal (o->end, end);
}

/* Hand-made corpora */

static void
test_single_phrase (void **state)
{
  /* ABCDEF, xABCDEFy, zABCDEF */
  static const char *const texts[] = { "甲乙丙丁戊己\n", "天甲乙丙丁戊己地\n", "人甲乙丙丁戊己\n" };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 3, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  const BaguPhrase *p;
  g_autoptr(GArray) occ = NULL;
  g_autofree char *tokens = NULL;

  assert_int_equal (set->phrases->len, 1);
  p = bagu_phrase_set_get (set, 0);
  assert_string_equal (p->text, "甲乙丙丁戊己");
  tokens = phrase_tokens (corpus, set, p);
  assert_string_equal (tokens, "甲 乙 丙 丁 戊 己");
  assert_int_equal (p->id, 1);
  assert_int_equal (p->length, 6);
  assert_int_equal (p->df, 3);
  assert_int_equal (p->count, 3);
  assert_int_equal (p->n_slots, 0);
  assert_null (p->fills);
  assert_int_equal (p->rb - p->lb + 1, 3);
  occ = phrase_occurrences (set, p);
  assert_occurrence (occ, 0, 0, 0, 6);
  assert_occurrence (occ, 1, 1, 1, 7);
  assert_occurrence (occ, 2, 2, 1, 7);
  /* Ends at a paragraph edge: both in the first, none in the second, the
   * right one in the third. */
  assert_true (p->boundary > 0.49 && p->boundary < 0.51);

  /* Nothing is that long, or in four documents. */
  g_clear_pointer (&set, bagu_phrase_set_free);
  set = find_phrases (corpus, index, 7, 2);
  assert_int_equal (set->phrases->len, 0);
  g_clear_pointer (&set, bagu_phrase_set_free);
  set = find_phrases (corpus, index, 1, 4);
  assert_int_equal (set->phrases->len, 0);
}

/* A sequence whose left extension is in as many documents is not closed. */
static void
test_left_extension (void **state)
{
  static const char *const two[] = { "天甲乙丙丁\n", "天甲乙丙丁地\n" };
  static const char *const three[] = { "天甲乙丙丁\n", "天甲乙丙丁地\n", "甲乙丙丁人\n" };
  g_autoptr(BaguCorpus) corpus = load_texts (two, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguCorpus) corpus3 = load_texts (three, 3, NULL);
  g_autoptr(BaguIndex) index3 = build_index (corpus3);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  g_autoptr(BaguPhraseSet) set3 = find_phrases (corpus3, index3, 3, 2);

  assert_summary (set, "天甲乙丙丁/2/2");
  /* In a third document without 天, the shorter one has more documents. */
  assert_summary (set3, "天甲乙丙丁/2/2 | 甲乙丙丁/3/3");
}

static void
test_right_extension (void **state)
{
  /* 甲乙丙丁天 is in two of the three documents of 甲乙丙丁: both closed. */
  static const char *const some[] = { "甲乙丙丁天\n", "甲乙丙丁天\n", "甲乙丙丁地\n" };
  /* 甲乙丙丁天 is in both documents of 甲乙丙丁, though not at every
   * occurrence: only the longer one is closed. */
  static const char *const every[] = { "甲乙丙丁天，甲乙丙丁地\n", "甲乙丙丁天\n" };
  g_autoptr(BaguCorpus) corpus = load_texts (some, 3, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguCorpus) corpus2 = load_texts (every, 2, NULL);
  g_autoptr(BaguIndex) index2 = build_index (corpus2);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  g_autoptr(BaguPhraseSet) set2 = find_phrases (corpus2, index2, 3, 2);

  assert_summary (set, "甲乙丙丁/3/3 | 甲乙丙丁天/2/2");
  assert_summary (set2, "甲乙丙丁天/2/2");
}

static void
test_repeated_in_one_document (void **state)
{
  static const char *const one[] = { "甲乙丙丁，甲乙丙丁\n", "天地人\n" };
  static const char *const two[] = { "甲乙丙丁，甲乙丙丁\n", "天地人\n", "人甲乙丙丁天\n" };
  g_autoptr(BaguCorpus) corpus = load_texts (one, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguCorpus) corpus3 = load_texts (two, 3, NULL);
  g_autoptr(BaguIndex) index3 = build_index (corpus3);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 1, 2);
  g_autoptr(BaguPhraseSet) set3 = find_phrases (corpus3, index3, 3, 2);
  g_autoptr(GArray) occ = NULL;

  /* Count 2 but df 1: no phrase, not even a single character. */
  assert_int_equal (set->phrases->len, 0);

  assert_summary (set3, "甲乙丙丁/2/3");
  occ = phrase_occurrences (set3, bagu_phrase_set_get (set3, 0));
  assert_occurrence (occ, 0, 0, 0, 4);
  assert_occurrence (occ, 1, 0, 5, 9);
  assert_occurrence (occ, 2, 2, 1, 5);
}

/* Punctuation is not a token: one phrase, shown in its most common form. */
static void
test_written_forms (void **state)
{
  static const char *const texts[] = {
    "坚持同部署，同落实。\n", "坚持同部署、同落实。\n", "坚持同部署、同落实。\n",
  };
  static const char *const mostly_comma[] = {
    "坚持同部署、同落实。\n", "坚持同部署，同落实。\n", "坚持同部署，同落实。\n",
  };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 3, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguCorpus) corpus2 = load_texts (mostly_comma, 3, NULL);
  g_autoptr(BaguIndex) index2 = build_index (corpus2);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  g_autoptr(BaguPhraseSet) set2 = find_phrases (corpus2, index2, 3, 2);
  g_autoptr(GArray) occ = NULL;

  assert_summary (set, "坚持同部署、同落实/3/3");
  assert_int_equal (bagu_phrase_set_get (set, 0)->length, 8);
  occ = phrase_occurrences (set, bagu_phrase_set_get (set, 0));
  assert_occurrence (occ, 0, 0, 0, 9);
  assert_summary (set2, "坚持同部署，同落实/3/3");
}

static void
assert_fills (const BaguPhrase *p, guint slot, const char *const *expected, guint n)
{
  GPtrArray *fills;

  assert_non_null (p->fills);
  assert_true (slot < p->fills->len);
  fills = g_ptr_array_index (p->fills, slot);
  assert_int_equal (fills->len, n);
  for (guint i = 0; i < n; i++)
    assert_string_equal (g_ptr_array_index (fills, i), expected[i]);
}

static void
test_slots (void **state)
{
  static const char *const nums[] = { "全年共开展35场次\n", "全年共开展12场次\n" };
  static const char *const slots[] = {
    "由××同志负责落实\n", "由XX同志负责落实\n", "由XX同志负责落实\n",
  };
  /* Tied: in the order of the token stream, not of the strings. */
  static const char *const num_fills[] = { "35", "12" };
  static const char *const slot_fills[] = { "XX", "××" };
  g_autoptr(BaguCorpus) corpus = load_texts (nums, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguCorpus) corpus2 = load_texts (slots, 3, NULL);
  g_autoptr(BaguIndex) index2 = build_index (corpus2);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  g_autoptr(BaguPhraseSet) set2 = find_phrases (corpus2, index2, 3, 2);
  const BaguPhrase *p;
  g_autofree char *tokens = NULL;

  assert_summary (set, "全年共开展<NUM>场次/2/2");
  p = bagu_phrase_set_get (set, 0);
  tokens = phrase_tokens (corpus, set, p);
  assert_string_equal (tokens, "全 年 共 开 展 <NUM> 场 次");
  assert_int_equal (p->n_slots, 1);
  assert_int_equal (p->fills->len, 1);
  assert_fills (p, 0, num_fills, 2);

  assert_summary (set2, "由<SLOT>同志负责落实/3/3");
  p = bagu_phrase_set_get (set2, 0);
  assert_int_equal (p->n_slots, 1);
  /* The most common fill first. */
  assert_fills (p, 0, slot_fills, 2);
}

static void
test_latin_words (void **state)
{
  static const char *const texts[] = {
    "In 2020 The Committee reviewed the annual reports.\n",
    "Last year the committee reviewed the annual reports carefully.\n",
    "Then the committee reviewed the annual reports again.\n",
  };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 3, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  const BaguPhrase *p;
  g_autoptr(GArray) occ = NULL;
  g_autofree char *tokens = NULL;
  guint32 at;

  /* The two lower-case forms outnumber the capitalised one. */
  assert_summary (set, "the committee reviewed the annual reports/3/3");
  p = bagu_phrase_set_get (set, 0);
  assert_int_equal (p->length, 6);
  tokens = phrase_tokens (corpus, set, p);
  assert_string_equal (tokens, "the committee reviewed the annual reports");
  occ = phrase_occurrences (set, p);
  at = char_offset (corpus, 0, "The Committee");
  assert_occurrence (occ, 0, 0, at, at + strlen ("the committee reviewed the annual reports"));
  at = char_offset (corpus, 1, "the committee");
  assert_occurrence (occ, 1, 1, at, at + strlen ("the committee reviewed the annual reports"));
}

/* No phrase runs across a paragraph boundary or a noise span. */
static void
test_no_crossing (void **state)
{
  static const char *const lines[] = { "甲乙丙\n丁戊己\n", "甲乙丙丁戊己\n" };
  static const char *const noise[] = { "甲乙丙##paidbegin##丁戊己\n", "甲乙丙丁戊己\n" };
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autofree char *rules_path = test_srcpath ("templates", "noise.rules", NULL);
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autoptr(BaguCorpus) corpus2 = NULL;
  g_autoptr(BaguIndex) index = NULL;
  g_autoptr(BaguIndex) index2 = NULL;
  g_autoptr(BaguPhraseSet) set = NULL;
  g_autoptr(BaguPhraseSet) set2 = NULL;
  g_autoptr(GArray) occ = NULL;

  assert_true (bagu_noise_rules_add_file (rules, rules_path, NULL));
  corpus = load_texts (lines, 2, rules);
  corpus2 = load_texts (noise, 2, rules);
  index = build_index (corpus);
  index2 = build_index (corpus2);
  assert_int_equal (corpus2->noise->len, 1);
  assert_int_equal (corpus2->paragraphs->len, 2);

  set = find_phrases (corpus, index, 1, 2);
  assert_summary (set, "丁戊己/2/2 | 甲乙丙/2/2");
  set2 = find_phrases (corpus2, index2, 1, 2);
  assert_summary (set2, "丁戊己/2/2 | 甲乙丙/2/2");
  occ = phrase_occurrences (set2, phrase_with_text (set2, "丁戊己"));
  assert_occurrence (occ, 0, 0, 16, 19);
  assert_occurrence (occ, 1, 1, 3, 6);
}

static void
test_boundary_score (void **state)
{
  /* 甲乙丙丁 stands between punctuation, 戊己庚辛 is cut mid-clause. */
  static const char *const texts[] = { "天，甲乙丙丁。地人戊己庚辛山\n", "人，甲乙丙丁；山天戊己庚辛地\n" };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  const BaguPhrase *clause, *cut;

  assert_summary (set, "戊己庚辛/2/2 | 甲乙丙丁/2/2");
  clause = phrase_with_text (set, "甲乙丙丁");
  cut = phrase_with_text (set, "戊己庚辛");
  assert_true (clause->boundary == 1.0);
  assert_true (cut->boundary == 0.0);
  /* Same length and df: the clause ranks first. */
  assert_true (clause->score > cut->score);
  assert_int_equal (clause->id, 1);
  assert_int_equal (cut->id, 2);
  assert_ptr_equal (bagu_phrase_set_get (set, 0), clause);
}

/* Text and fills come from a sample of BAGU_PHRASES_SAMPLE occurrences
 * spread over the suffix array rows.  The character after the phrase puts
 * the documents in row order (天 < 山 < 水 < 火 < 石 < 竹). */
static void
test_sampled_form (void **state)
{
  /* The sample is rows 0-3, where ， and 、 tie: the tie goes to the form
   * seen first in the token stream, though 、 is the majority of all. */
  static const char *const five[] = {
    "坚持同部署，同落实天\n", "坚持同部署，同落实山\n", "坚持同部署、同落实水\n",
    "坚持同部署、同落实火\n", "坚持同部署、同落实石\n",
  };
  /* The sample is rows 0, 1, 3 and 4, mostly ，: neither all six (a tie
   * that 、 would win by position) nor the first four rows (the same). */
  static const char *const six[] = {
    "坚持同部署、同落实天\n", "坚持同部署，同落实山\n", "坚持同部署、同落实水\n",
    "坚持同部署，同落实火\n", "坚持同部署，同落实石\n", "坚持同部署、同落实竹\n",
  };
  g_autoptr(BaguCorpus) corpus = load_texts (five, 5, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguCorpus) corpus2 = load_texts (six, 6, NULL);
  g_autoptr(BaguIndex) index2 = build_index (corpus2);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  g_autoptr(BaguPhraseSet) set2 = find_phrases (corpus2, index2, 3, 2);
  const BaguPhrase *p;

  assert_int_equal (BAGU_PHRASES_SAMPLE, 4);
  assert_summary (set, "坚持同部署，同落实/5/5");
  p = bagu_phrase_set_get (set, 0);
  for (guint32 row = p->lb; row <= p->rb; row++)
    assert_int_equal (bagu_document_of_token (set->doc_starts, 5, index->sa[row]), row - p->lb);
  /* Every occurrence counts for the boundary: a paragraph start on the
   * left, nothing on the right. */
  assert_true (p->boundary == 0.5);

  assert_summary (set2, "坚持同部署，同落实/6/6");
  p = bagu_phrase_set_get (set2, 0);
  for (guint32 row = p->lb; row <= p->rb; row++)
    assert_int_equal (bagu_document_of_token (set2->doc_starts, 6, index2->sa[row]),
                      row - p->lb);
}

/* The boundary score reads BAGU_PHRASES_BOUNDARY_SAMPLE occurrences spread
 * over the rows.  Of 300 documents, one phrase each, in row order (the
 * character after the phrase sorts them): punctuation after the phrase in
 * exactly the rows left out of the sample leaves every sampled occurrence
 * open on the right, and in exactly the sampled rows closes all of them. */
static void
test_boundary_sample (void **state)
{
  enum { N_DOCS = 300 };
  const guint n = BAGU_PHRASES_BOUNDARY_SAMPLE;
  g_autofree gboolean *sampled = g_new0 (gboolean, N_DOCS);
  g_autoptr(GPtrArray) outside = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) inside = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autoptr(BaguCorpus) corpus2 = NULL;
  g_autoptr(BaguIndex) index = NULL;
  g_autoptr(BaguIndex) index2 = NULL;
  g_autoptr(BaguPhraseSet) set = NULL;
  g_autoptr(BaguPhraseSet) set2 = NULL;
  const BaguPhrase *p;
  guint n_sampled = 0;

  assert_true (n < N_DOCS);
  for (guint i = 0; i < n; i++)
    sampled[(guint64) i * N_DOCS / n] = TRUE;
  for (guint d = 0; d < N_DOCS; d++)
    {
      char next[8] = { 0 };

      /* U+6000 on: ideographs, none a numeral. */
      g_unichar_to_utf8 (0x6000 + d, next);
      g_ptr_array_add (outside, g_strdup_printf ("甲乙丙丁%s%s\n", sampled[d] ? "" : "，", next));
      g_ptr_array_add (inside, g_strdup_printf ("甲乙丙丁%s%s\n", sampled[d] ? "，" : "", next));
      n_sampled += sampled[d];
    }
  assert_int_equal (n_sampled, n);

  corpus = load_texts ((const char *const *) outside->pdata, N_DOCS, NULL);
  corpus2 = load_texts ((const char *const *) inside->pdata, N_DOCS, NULL);
  index = build_index (corpus);
  index2 = build_index (corpus2);
  set = find_phrases (corpus, index, 4, 2);
  set2 = find_phrases (corpus2, index2, 4, 2);

  assert_summary (set, "甲乙丙丁/300/300");
  p = bagu_phrase_set_get (set, 0);
  for (guint32 row = p->lb; row <= p->rb; row++)
    assert_int_equal (bagu_document_of_token (set->doc_starts, N_DOCS, index->sa[row]),
                      row - p->lb);
  /* All of them would give (300 + 300 - n) / 600. */
  assert_true (p->boundary == 0.5);

  assert_summary (set2, "甲乙丙丁/300/300");
  p = bagu_phrase_set_get (set2, 0);
  /* All of them would give (300 + n) / 600. */
  assert_true (p->boundary == 1.0);
}

/* Phrases of one score rank by df, then length, then suffix array row. */
static void
test_score_ties (void **state)
{
  /* The same score, df and length: 戊 sorts before 甲, though 甲乙丙丁
   * comes first in the text. */
  static const char *const by_row[] = { "甲乙丙丁\n戊己庚辛\n", "甲乙丙丁\n戊己庚辛\n" };
  /* 2 · 6 = 3 · 4: the shorter phrase in more documents first. */
  static const char *const by_df[] = {
    "天地人山水火\n甲乙丙丁\n", "天地人山水火\n甲乙丙丁\n", "天地人山水火\n甲乙丙丁\n",
    "甲乙丙丁\n", "甲乙丙丁\n", "甲乙丙丁\n", "甲乙丙丁\n",
  };
  /* 0.2 · 5 = 1 · 1: the longer phrase, cut mid-clause, first. */
  static const char *const by_length[] = {
    "山\n天甲乙丙丁戊地\n", "山\n人甲乙丙丁戊水\n", "山\n石甲乙丙丁戊火\n",
  };
  g_autoptr(BaguCorpus) corpus = load_texts (by_row, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguCorpus) corpus2 = load_texts (by_df, 7, NULL);
  g_autoptr(BaguIndex) index2 = build_index (corpus2);
  g_autoptr(BaguCorpus) corpus3 = load_texts (by_length, 3, NULL);
  g_autoptr(BaguIndex) index3 = build_index (corpus3);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  g_autoptr(BaguPhraseSet) set2 = find_phrases (corpus2, index2, 3, 2);
  g_autoptr(BaguPhraseSet) set3 = find_phrases (corpus3, index3, 1, 2);
  const BaguPhrase *first, *second;

  assert_summary (set, "戊己庚辛/2/2 | 甲乙丙丁/2/2");
  first = bagu_phrase_set_get (set, 0);
  second = bagu_phrase_set_get (set, 1);
  assert_string_equal (first->text, "戊己庚辛");
  assert_true (first->score == second->score);
  assert_true (first->lb < second->lb);
  assert_int_equal (first->id, 1);

  assert_summary (set2, "天地人山水火/3/3 | 甲乙丙丁/7/7");
  first = bagu_phrase_set_get (set2, 0);
  second = bagu_phrase_set_get (set2, 1);
  assert_string_equal (first->text, "甲乙丙丁");
  assert_true (first->score == second->score);
  assert_true (first->lb > second->lb);

  assert_summary (set3, "山/3/3 | 甲乙丙丁戊/3/3");
  first = bagu_phrase_set_get (set3, 0);
  second = bagu_phrase_set_get (set3, 1);
  assert_string_equal (first->text, "甲乙丙丁戊");
  assert_true (first->boundary == 0.0);
  assert_true (second->boundary == 1.0);
  assert_true (first->score == second->score);
  assert_true (first->lb > second->lb);

  /* Sorting by score again keeps the order. */
  bagu_phrase_set_sort (set3, BAGU_PHRASE_SORT_LENGTH);
  bagu_phrase_set_sort (set3, BAGU_PHRASE_SORT_SCORE);
  assert_string_equal (bagu_phrase_set_get (set3, 0)->text, "甲乙丙丁戊");
}

/* Articles of a compilation are documents, empty ones too. */
static void
test_compilation (void **state)
{
  static const char *const texts[] = {
    "第一篇:\n第二篇: 甲乙丙丁\n第三篇:\n第四篇: 天甲乙丙丁\n第五篇:\n",
    "地甲乙丙丁\n",
  };
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autofree char *rules_path = test_srcpath ("templates", "noise.rules", NULL);
  g_autoptr(BaguCorpus) corpus = NULL;
  g_autoptr(BaguIndex) index = NULL;
  g_autoptr(BaguPhraseSet) set = NULL;
  g_autoptr(BaguPhraseSet) set3 = NULL;
  g_autoptr(GArray) occ = NULL;

  assert_true (bagu_noise_rules_add_file (rules, rules_path, NULL));
  corpus = load_texts (texts, 2, rules);
  index = build_index (corpus);
  assert_int_equal (corpus->documents->len, 6);
  assert_int_equal (bagu_corpus_document (corpus, 0)->n_paragraphs, 0);
  assert_int_equal (bagu_corpus_document (corpus, 4)->n_paragraphs, 0);

  set = find_phrases (corpus, index, 3, 2);
  assert_summary (set, "甲乙丙丁/3/3");
  occ = phrase_occurrences (set, bagu_phrase_set_get (set, 0));
  assert_occurrence (occ, 0, 1, 5, 9);
  assert_occurrence (occ, 1, 3, 6, 10);
  assert_occurrence (occ, 2, 5, 1, 5);
  set3 = find_phrases (corpus, index, 3, 4);
  assert_int_equal (set3->phrases->len, 0);
}

/* A character that NFKC expands into several tokens (㍿ is 株式会社) is
 * written once in the phrase text, and the text stops where the
 * occurrences end. */
static void
test_expanding_character (void **state)
{
  static const char *const texts[] = { "甲乙丙㍿丁。天地人\n", "甲乙丙㍿丁。山水\n" };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  const BaguPhrase *p;
  g_autoptr(GArray) occ = NULL;
  g_autofree char *tokens = NULL;

  assert_int_equal (set->phrases->len, 1);
  p = bagu_phrase_set_get (set, 0);
  tokens = phrase_tokens (corpus, set, p);
  assert_string_equal (tokens, "甲 乙 丙 株 式 会 社 丁");
  occ = phrase_occurrences (set, p);
  assert_occurrence (occ, 0, 0, 0, 5);
  assert_occurrence (occ, 1, 1, 0, 5);
  assert_string_equal (p->text, "甲乙丙㍿丁");
  /* A paragraph start on the left, 。 on the right. */
  assert_true (p->boundary == 1.0);
}

/* The same at the very end of a file: the text is not read past its end
 * (under AddressSanitizer this was a heap-buffer-overflow). */
static void
test_expanding_character_at_end (void **state)
{
  static const char *const texts[] = { "甲乙丙㍿", "天甲乙丙㍿" };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  const BaguPhrase *p;

  assert_int_equal (set->phrases->len, 1);
  p = bagu_phrase_set_get (set, 0);
  assert_int_equal (p->length, 7);
  assert_string_equal (p->text, "甲乙丙㍿");
  /* Three of the four ends are paragraph edges. */
  assert_true (p->boundary == 0.75);
}

/* The same with a slot inside the expansion: ㎡ is m and the number 2. */
static void
test_expanding_character_slot (void **state)
{
  static const char *const texts[] = {
    "全年新建广场1200㎡，完成绿化任务。\n", "今年新建广场800㎡，完成绿化任务。\n",
  };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 2, NULL);
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguPhraseSet) set = find_phrases (corpus, index, 3, 2);
  const BaguPhrase *p;
  g_autoptr(GArray) occ = NULL;
  g_autofree char *tokens = NULL;
  GPtrArray *fills;

  assert_int_equal (set->phrases->len, 1);
  p = bagu_phrase_set_get (set, 0);
  tokens = phrase_tokens (corpus, set, p);
  assert_string_equal (tokens, "年 新 建 广 场 <NUM> m <NUM> 完 成 绿 化 任 务");
  occ = phrase_occurrences (set, p);
  assert_occurrence (occ, 0, 0, 1, 18);
  assert_occurrence (occ, 1, 1, 1, 17);
  assert_int_equal (p->n_slots, 2);
  assert_int_equal (p->fills->len, 2);
  /* Nothing from beyond the occurrences: not the 。 after them, and the
   * second slot's fill is the ㎡ it comes from, not the ， after it. */
  if (strstr (p->text, "。") != NULL)
    print_error ("text \"%s\"\n", p->text);
  assert_null (strstr (p->text, "。"));
  assert_true (g_str_has_prefix (p->text, "年新建广场<NUM>"));
  assert_true (g_str_has_suffix (p->text, "，完成绿化任务"));
  fills = g_ptr_array_index (p->fills, 1);
  assert_int_equal (fills->len, 1);
  assert_string_equal (g_ptr_array_index (fills, 0), "㎡");
}

/* Brute force */

typedef struct {
  guint32 doc, start, end;
} RefOccurrence;

static int
compare_ref_occurrences (gconstpointer pa, gconstpointer pb)
{
  const RefOccurrence *a = pa, *b = pb;

  if (a->doc != b->doc)
    return a->doc < b->doc ? -1 : 1;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return a->end < b->end ? -1 : a->end > b->end;
}

/* The document of every token, from the paragraphs (each followed by its
 * separator). */
static guint32 *
token_documents (const BaguCorpus *corpus)
{
  guint32 *doc = g_new (guint32, corpus->n_tokens);

  memset (doc, 0xff, corpus->n_tokens * sizeof (guint32));
  for (guint p = 0; p < corpus->paragraphs->len; p++)
    {
      const BaguParagraph *para = bagu_corpus_paragraph (corpus, p);

      for (guint32 t = para->first_token; t <= para->first_token + para->n_tokens; t++)
        doc[t] = para->doc;
    }
  for (gsize t = 0; t < corpus->n_tokens; t++)
    assert_int_not_equal (doc[t], G_MAXUINT32);
  return doc;
}

/* Distinct documents of a list of positions. */
static guint32
distinct_docs (const guint32 *doc, const guint32 *pos, guint n)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (doc[pos[i]] + 1));
  return g_hash_table_size (seen);
}

/* Whether some token a (not a separator) next to the occurrences, on the
 * left (side -1) or on the right (side = length), keeps all @df documents. */
static gboolean
extension_keeps_df (const guint32 *t, const guint32 *doc, const guint32 *pos, guint n,
                    gint side, guint32 df)
{
  g_autoptr(GHashTable) by_token = g_hash_table_new_full (NULL, NULL, NULL,
                                                          (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < n; i++)
    {
      GArray *list;
      guint32 a;

      if (side < 0 && pos[i] == 0)
        continue;
      a = t[pos[i] + side];
      if (a == BAGU_TOKEN_SEP)
        continue;
      list = g_hash_table_lookup (by_token, GUINT_TO_POINTER (a));
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (by_token, GUINT_TO_POINTER (a), list);
        }
      g_array_append_val (list, pos[i]);
    }
  g_hash_table_iter_init (&iter, by_token);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *list = value;

      if (distinct_docs (doc, (guint32 *) list->data, list->len) == df)
        return TRUE;
    }
  return FALSE;
}

/* A phrase as a line: tokens, df, count and its occurrences. */
static char *
describe_phrase (const guint32 *t, guint32 pos, guint32 length, guint32 df, guint32 count,
                 const RefOccurrence *occ, guint n)
{
  GString *out = g_string_new (NULL);

  for (guint32 k = 0; k < length; k++)
    g_string_append_printf (out, "%s%x", k > 0 ? " " : "", t[pos + k]);
  g_string_append_printf (out, " | df %u count %u |", df, count);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, " %u:%u-%u", occ[i].doc, occ[i].start, occ[i].end);
  return g_string_free (out, FALSE);
}

/* Every closed repeat, by enumerating all substrings without separator. */
static GPtrArray *
brute_force (const BaguCorpus *corpus, guint min_length, guint min_docs)
{
  const guint32 *t = corpus->tokens;
  guint32 n = corpus->n_tokens;
  g_autofree guint32 *doc = token_documents (corpus);
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_array_unref);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (guint32 i = 0; i < n; i++)
    {
      GString *k = g_string_new (NULL);

      for (guint32 len = 1; i + len <= n && t[i + len - 1] != BAGU_TOKEN_SEP; len++)
        {
          GArray *list;

          g_string_append_printf (k, "%x,", t[i + len - 1]);
          list = g_hash_table_lookup (table, k->str);
          if (list == NULL)
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_hash_table_insert (table, g_strdup (k->str), list);
            }
          g_array_append_val (list, i);
        }
      g_string_free (k, TRUE);
    }

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *list = value;
      const guint32 *pos = (guint32 *) list->data;
      guint32 length = 0, df;
      g_autofree RefOccurrence *occ = NULL;

      for (const char *c = key; *c != '\0'; c++)
        length += *c == ',';
      df = distinct_docs (doc, pos, list->len);
      if (length < min_length || df < min_docs)
        continue;
      if (extension_keeps_df (t, doc, pos, list->len, -1, df)
          || extension_keeps_df (t, doc, pos, list->len, length, df))
        continue;
      occ = g_new (RefOccurrence, list->len);
      for (guint i = 0; i < list->len; i++)
        {
          occ[i].doc = doc[pos[i]];
          occ[i].start = corpus->tok_start[pos[i]];
          occ[i].end = corpus->tok_end[pos[i] + length - 1];
        }
      qsort (occ, list->len, sizeof (RefOccurrence), compare_ref_occurrences);
      g_ptr_array_add (out, describe_phrase (t, pos[0], length, df, list->len, occ, list->len));
    }
  g_ptr_array_sort (out, compare_strings);
  return out;
}

typedef struct {
  guint phrases;
  guint with_slots;
  guint with_words;
  guint repeated_in_doc;   /* phrases with count > df */
  guint sampled;           /* phrases with more occurrences than are sampled */
  guint score_ties;        /* neighbours in score order with the same score */
  guint fewer_rows;        /* repeats indexes with fewer rows than positions */
} Stats;

/* The characters of a document's text (transfer full). */
static gunichar *
document_chars (const BaguCorpus *corpus, guint doc, glong *n)
{
  const BaguDocument *d = bagu_corpus_document (corpus, doc);
  gunichar *chars = g_utf8_to_ucs4 (bagu_document_text (corpus, d),
                                    bagu_document_text_len (d), NULL, n, NULL);

  assert_non_null (chars);
  return chars;
}

static void
append_chars (GString *out, const gunichar *chars, guint32 from, guint32 to)
{
  for (guint32 c = from; c < to; c++)
    g_string_append_unichar (out, chars[c]);
}

/* Whether the text between two character offsets holds punctuation. */
static gboolean
has_punctuation (const gunichar *chars, guint32 from, guint32 to)
{
  for (guint32 c = from; c < to; c++)
    if (g_unichar_ispunct (chars[c]))
      return TRUE;
  return FALSE;
}

/* The suffix array row of sample @i of @n of a phrase, as documented in
 * bagu-phrases.h: spread evenly over the rows lb..rb. */
static guint32
sample_row (const BaguPhrase *p, guint i, guint n)
{
  return p->lb + (guint32) ((guint64) i * p->count / n);
}

/* A form seen in a sample: how often, and the smallest token position of
 * the occurrences it was seen at. */
typedef struct {
  guint count;
  guint32 first;
} Seen;

static void
see_form (GHashTable *table, const char *form, guint32 pos)
{
  Seen *seen = g_hash_table_lookup (table, form);

  if (seen == NULL)
    {
      seen = g_new0 (Seen, 1);
      seen->first = pos;
      g_hash_table_insert (table, g_strdup (form), seen);
    }
  seen->count++;
  seen->first = MIN (seen->first, pos);
}

static int
compare_seen (gconstpointer pa, gconstpointer pb, gpointer table)
{
  const Seen *a = g_hash_table_lookup (table, *(char *const *) pa);
  const Seen *b = g_hash_table_lookup (table, *(char *const *) pb);

  if (a->count != b->count)
    return a->count > b->count ? -1 : 1;
  /* Sampled occurrences start at distinct positions: no two forms tie here. */
  return a->first < b->first ? -1 : a->first > b->first;
}

/* The forms of a table, most common first, then the one seen first in the
 * token stream (transfer container). */
static GPtrArray *
ranked_forms (GHashTable *table)
{
  GPtrArray *forms = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (forms, key);
  g_ptr_array_sort_with_data (forms, compare_seen, table);
  return forms;
}

/* Checks a phrase's text, fills and boundary against the sample of its
 * occurrences that bagu-phrases.h documents, read from the text: the text
 * is the most common written form (the occurrence's text with each slot as
 * <NUM> or <SLOT>), ties going to the form seen at the smallest token
 * position; the fills of each slot are what the sampled occurrences hold
 * there, ranked the same way; the boundary is the share of sampled
 * occurrence ends at a paragraph edge, a separator or punctuation. */
static void
check_written_forms (const BaguCorpus *corpus, const BaguPhraseSet *set, const BaguPhrase *p,
                     const guint32 *doc, GPtrArray *doc_chars)
{
  const guint32 *t = corpus->tokens;
  const guint32 *sa = set->index->sa;
  g_autoptr(GHashTable) forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) fills = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) ranked = NULL;
  guint n = MIN (p->count, BAGU_PHRASES_SAMPLE);
  guint n_boundary = MIN (p->count, BAGU_PHRASES_BOUNDARY_SAMPLE);
  guint boundaries = 0;
  double expected;

  for (guint s = 0; s < p->n_slots; s++)
    g_ptr_array_add (fills, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free));
  for (guint i = 0; i < n; i++)
    {
      guint32 pos = sa[sample_row (p, i, n)], last = pos + p->length - 1;
      const gunichar *chars = g_ptr_array_index (doc_chars, doc[pos]);
      g_autoptr(GString) form = g_string_new (NULL);
      guint32 c = corpus->tok_start[pos];
      guint slot = 0;

      for (guint32 k = pos; k <= last; k++)
        if (t[k] == BAGU_TOKEN_NUM || t[k] == BAGU_TOKEN_SLOT)
          {
            g_autoptr(GString) fill = g_string_new (NULL);

            append_chars (form, chars, c, corpus->tok_start[k]);
            g_string_append (form, t[k] == BAGU_TOKEN_NUM ? "<NUM>" : "<SLOT>");
            append_chars (fill, chars, corpus->tok_start[k], corpus->tok_end[k]);
            see_form (g_ptr_array_index (fills, slot++), fill->str, pos);
            c = corpus->tok_end[k];
          }
      append_chars (form, chars, c, corpus->tok_end[last]);
      see_form (forms, form->str, pos);
    }

  ranked = ranked_forms (forms);
  if (strcmp (p->text, ranked->pdata[0]) != 0)
    {
      print_error ("text \"%s\", expected \"%s\"\n", p->text, (char *) ranked->pdata[0]);
      for (guint i = 0; i < ranked->len; i++)
        {
          const Seen *seen = g_hash_table_lookup (forms, ranked->pdata[i]);

          print_error ("  form \"%s\" x%u first at %u\n", (char *) ranked->pdata[i], seen->count,
                       seen->first);
        }
    }
  assert_string_equal (p->text, ranked->pdata[0]);
  for (guint s = 0; s < p->n_slots; s++)
    {
      g_autoptr(GPtrArray) want = ranked_forms (g_ptr_array_index (fills, s));
      GPtrArray *got = g_ptr_array_index (p->fills, s);

      assert_int_equal (got->len, want->len);
      for (guint f = 0; f < got->len; f++)
        assert_string_equal (got->pdata[f], want->pdata[f]);
    }

  for (guint i = 0; i < n_boundary; i++)
    {
      guint32 pos = sa[sample_row (p, i, n_boundary)], last = pos + p->length - 1;
      const gunichar *chars = g_ptr_array_index (doc_chars, doc[pos]);

      if (pos == 0 || t[pos - 1] == BAGU_TOKEN_SEP
          || has_punctuation (chars, corpus->tok_end[pos - 1], corpus->tok_start[pos]))
        boundaries++;
      if (t[last + 1] == BAGU_TOKEN_SEP
          || has_punctuation (chars, corpus->tok_end[last], corpus->tok_start[last + 1]))
        boundaries++;
    }
  expected = boundaries / (2.0 * n_boundary);
  if (fabs (p->boundary - expected) > 1e-9)
    print_error ("\"%s\": boundary %g, expected %g\n", p->text, p->boundary, expected);
  assert_true (fabs (p->boundary - expected) <= 1e-9);
}

/* Whether the @n tokens at @pos are @pattern. */
static gboolean
tokens_at (const BaguCorpus *corpus, guint32 pos, const guint32 *pattern, guint32 n)
{
  return pos + n <= corpus->n_tokens
         && memcmp (corpus->tokens + pos, pattern, n * sizeof (guint32)) == 0;
}

/* Whether @a comes right before @b in score order is allowed: higher score,
 * then more documents, then longer, then the smaller suffix array row. */
static gboolean
ranks_before (const BaguPhrase *a, const BaguPhrase *b)
{
  if (a->score != b->score)
    return a->score > b->score;
  if (a->df != b->df)
    return a->df > b->df;
  if (a->length != b->length)
    return a->length > b->length;
  return a->lb < b->lb;
}

/* The phrase set as lines like brute_force's, checking what only the set
 * has on the way. */
static GPtrArray *
from_set (const BaguCorpus *corpus, const BaguPhraseSet *set, Stats *stats)
{
  const guint32 *t = corpus->tokens;
  const BaguIndex *index = set->index;
  g_autofree guint32 *doc = token_documents (corpus);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) doc_chars = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) intervals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint d = 0; d < corpus->documents->len; d++)
    {
      glong n;

      g_ptr_array_add (doc_chars, document_chars (corpus, d, &n));
    }

  for (guint i = 0; i < set->phrases->len; i++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, i);
      g_autoptr(GArray) occ = phrase_occurrences (set, p);
      const BaguOccurrence *o = (const BaguOccurrence *) occ->data;
      const guint32 *tokens = t + o[0].pos;
      g_autofree RefOccurrence *ref = g_new (RefOccurrence, p->count);
      g_autoptr(GHashTable) positions = g_hash_table_new (NULL, NULL);
      guint slots = 0;
      gboolean words = FALSE;

      /* Ids 1..N in score order. */
      assert_int_equal (p->id, i + 1);
      if (i > 0)
        {
          const BaguPhrase *prev = bagu_phrase_set_get (set, i - 1);

          assert_true (ranks_before (prev, p));
          stats->score_ties += prev->score == p->score;
        }
      assert_true (p->boundary >= 0.0 && p->boundary <= 1.0);
      assert_non_null (p->text);

      for (guint32 k = 0; k < p->length; k++)
        {
          slots += tokens[k] == BAGU_TOKEN_NUM || tokens[k] == BAGU_TOKEN_SLOT;
          words |= BAGU_TOKEN_IS_WORD (tokens[k]);
        }
      assert_int_equal (p->n_slots, slots);
      if (slots > 0)
        {
          assert_non_null (p->fills);
          assert_int_equal (p->fills->len, slots);
          assert_non_null (strstr (p->text, "<"));
        }
      else
        assert_null (p->fills);

      for (guint j = 0; j < p->count; j++)
        {
          /* Every occurrence is the same tokens, where it says. */
          assert_true (tokens_at (corpus, o[j].pos, tokens, p->length));
          assert_int_equal (o[j].doc, doc[o[j].pos]);
          assert_int_equal (o[j].start, corpus->tok_start[o[j].pos]);
          assert_int_equal (o[j].end, corpus->tok_end[o[j].pos + p->length - 1]);
          g_hash_table_add (positions, GUINT_TO_POINTER (o[j].pos + 1));
          ref[j].doc = o[j].doc;
          ref[j].start = o[j].start;
          ref[j].end = o[j].end;
          /* By document and start. */
          if (j > 0)
            assert_true (compare_ref_occurrences (&ref[j - 1], &ref[j]) < 0);
        }

      /* The rows lb..rb are the occurrences, and no row next to them
       * starts with the phrase: they are its whole interval. */
      assert_true (p->lb <= p->rb && p->rb < index->n);
      assert_int_equal (p->rb - p->lb + 1, p->count);
      assert_int_equal (g_hash_table_size (positions), p->count);
      for (guint32 row = p->lb; row <= p->rb; row++)
        assert_true (g_hash_table_contains (positions, GUINT_TO_POINTER (index->sa[row] + 1)));
      if (p->lb > 0)
        assert_false (tokens_at (corpus, index->sa[p->lb - 1], tokens, p->length));
      if (p->rb + 1 < index->n)
        assert_false (tokens_at (corpus, index->sa[p->rb + 1], tokens, p->length));
      /* One phrase per interval. */
      assert_true (g_hash_table_add (intervals, g_strdup_printf ("%u-%u", p->lb, p->rb)));

      check_written_forms (corpus, set, p, doc, doc_chars);
      g_ptr_array_add (out, describe_phrase (t, o[0].pos, p->length, p->df, p->count,
                                             ref, p->count));
      stats->phrases++;
      stats->with_slots += slots > 0;
      stats->with_words += words;
      stats->repeated_in_doc += p->count > p->df;
      stats->sampled += p->count > BAGU_PHRASES_SAMPLE;
    }
  g_ptr_array_sort (out, compare_strings);
  return out;
}

static void
print_texts (const char *const *texts, guint n)
{
  for (guint i = 0; i < n; i++)
    print_error ("document %u:\n%s", i, texts[i]);
}

static void
compare_with_brute_force (const BaguCorpus *corpus, const BaguIndex *index,
                          const char *const *texts, guint n_texts,
                          guint min_length, guint min_docs, Stats *stats)
{
  BaguPhraseOptions options = { min_length, min_docs };
  g_autoptr(BaguPhraseSet) set = bagu_phrases_find (corpus, index, &options);
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) expected = brute_force (corpus, min_length, min_docs);
  gboolean same;

  describe_all (set);
  got = from_set (corpus, set, stats);
  same = got->len == expected->len;

  for (guint i = 0; same && i < got->len; i++)
    same = strcmp (got->pdata[i], expected->pdata[i]) == 0;
  if (!same)
    {
      print_texts (texts, n_texts);
      print_error ("min_length %u, min_docs %u\n", min_length, min_docs);
      for (guint i = 0; i < got->len; i++)
        print_error ("got:      %s\n", (char *) got->pdata[i]);
      for (guint i = 0; i < expected->len; i++)
        print_error ("expected: %s\n", (char *) expected->pdata[i]);
    }
  assert_int_equal (got->len, expected->len);
  for (guint i = 0; i < got->len; i++)
    assert_string_equal (got->pdata[i], expected->pdata[i]);
}

/* A random token of the small alphabet, as text. */
static const char *
random_piece (GRand *rand, guint n_cjk, gboolean *cjk)
{
  static const char *const cjk_pieces[] = { "甲", "乙", "丙", "丁", "戊" };
  static const char *const other[] = { "12", "7", "305", "XX", "plan", "work", "the" };

  if (g_rand_int_range (rand, 0, 100) < 75)
    {
      *cjk = TRUE;
      return cjk_pieces[g_rand_int_range (rand, 0, n_cjk)];
    }
  *cjk = FALSE;
  return other[g_rand_int_range (rand, 0, G_N_ELEMENTS (other))];
}

/* A random line of 1..12 tokens, with punctuation or space between some,
 * or of none. */
static void
random_line (GRand *rand, guint n_cjk, GString *out)
{
  static const char *const gaps[] = { "", "", "", "", "，", "、", " ", "。" };
  guint n = g_rand_int_range (rand, 1, 13);
  gboolean prev_cjk = TRUE;

  /* Now and then a paragraph without tokens. */
  if (g_rand_int_range (rand, 0, 20) == 0)
    {
      g_string_append (out, "。\n");
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      gboolean cjk;
      const char *piece = random_piece (rand, n_cjk, &cjk);

      if (i > 0)
        {
          /* Digits, placeholders and words run together unless apart. */
          if (!cjk && !prev_cjk)
            g_string_append (out, g_rand_boolean (rand) ? " " : "、");
          else
            g_string_append (out, gaps[g_rand_int_range (rand, 0, G_N_ELEMENTS (gaps))]);
        }
      g_string_append (out, piece);
      prev_cjk = cjk;
    }
  g_string_append_c (out, '\n');
}

static void
test_random_corpora (void **state)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  Stats stats = { 0 };

  for (guint round = 0; round < 500; round++)
    {
      guint n_docs = g_rand_int_range (rand, 2, 7);
      guint n_cjk = g_rand_int_range (rand, 2, 6);
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(BaguCorpus) corpus = NULL;
      g_autoptr(BaguIndex) index = NULL;

      for (guint d = 0; d < n_docs; d++)
        {
          GString *text = g_string_new (NULL);
          guint n_lines = g_rand_int_range (rand, 1, 4);

          for (guint l = 0; l < n_lines; l++)
            random_line (rand, n_cjk, text);
          g_ptr_array_add (texts, g_string_free (text, FALSE));
        }
      corpus = load_texts ((const char *const *) texts->pdata, n_docs, NULL);
      index = build_index (corpus);
      for (guint min_length = 1; min_length <= 3; min_length++)
        {
          /* And with only the rows repeats of min_length tokens reach. */
          g_autoptr(BaguIndex) repeats = bagu_index_build_repeats (corpus->tokens,
                                                                   corpus->n_tokens,
                                                                   min_length, NULL);

          for (guint min_docs = 2; min_docs <= 3; min_docs++)
            {
              compare_with_brute_force (corpus, index, (const char *const *) texts->pdata,
                                        n_docs, min_length, min_docs, &stats);
              compare_with_brute_force (corpus, repeats, (const char *const *) texts->pdata,
                                        n_docs, min_length, min_docs, &stats);
            }
          stats.fewer_rows += repeats->n < index->n;
        }
    }
  /* The corpora exercised what they were meant to. */
  assert_true (stats.phrases > 5000);
  assert_true (stats.with_slots > 100);
  assert_true (stats.with_words > 100);
  assert_true (stats.repeated_in_doc > 100);
  assert_true (stats.sampled > 1000);
  assert_true (stats.score_ties > 100);
  assert_true (stats.fewer_rows > 100);
}

/* The samples */

typedef struct {
  BaguCorpus *corpus;
  BaguIndex *index;
  BaguPhraseSet *set;
} Samples;

static int
setup_samples (void **state)
{
  Samples *s = g_new0 (Samples, 1);

  s->corpus = load_samples ();
  s->index = build_index (s->corpus);
  s->set = find_phrases (s->corpus, s->index, BAGU_PHRASES_DEFAULT_MIN_LENGTH,
                         BAGU_PHRASES_DEFAULT_MIN_DOCS);
  *state = s;
  return 0;
}

static int
teardown_samples (void **state)
{
  Samples *s = *state;

  bagu_phrase_set_free (s->set);
  bagu_index_free (s->index);
  bagu_corpus_free (s->corpus);
  g_free (s);
  return 0;
}

/* The first phrase whose text contains @needle with at least @min_df
 * documents, or NULL. */
static const BaguPhrase *
phrase_containing (const BaguPhraseSet *set, const char *needle, guint32 min_df)
{
  for (guint i = 0; i < set->phrases->len; i++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, i);

      if (strstr (p->text, needle) != NULL && p->df >= min_df)
        return p;
    }
  return NULL;
}

static void
test_samples_known_phrases (void **state)
{
  Samples *s = *state;
  const BaguPhrase *p, *whole;

  assert_true (s->set->phrases->len > 50);
  p = phrase_with_text (s->set, "纳入党建工作责任制");
  assert_non_null (p);
  assert_true (p->df >= 5);
  assert_true (p->count >= p->df);
  assert_non_null (phrase_containing (s->set, "同部署、同落实", 2));
  assert_non_null (phrase_containing (s->set, "着力在统一思想、凝聚力量、鼓舞干劲、增强实效上下功夫", 4));

  /* The whole clause pair outranks its own pieces. */
  whole = phrase_with_text (s->set, "纳入重要议事日程，纳入党建工作责任制");
  if (whole == NULL)
    whole = phrase_with_text (s->set, "纳入重要议事日程,纳入党建工作责任制");
  assert_non_null (whole);
  assert_int_equal (whole->df, 4);
  for (guint i = 0; i < s->set->phrases->len; i++)
    {
      const BaguPhrase *q = bagu_phrase_set_get (s->set, i);

      if (q == whole || strlen (q->text) >= strlen (whole->text)
          || strstr (whole->text, q->text) == NULL)
        continue;
      if (q->id < whole->id)
        print_error ("%s (%u) ranks above %s (%u)\n", q->text, q->id, whole->text, whole->id);
      assert_true (whole->score >= q->score);
      assert_true (whole->id < q->id);
    }
}

static void
test_samples_ids_and_sort (void **state)
{
  Samples *s = *state;
  BaguPhraseSet *set = s->set;
  guint n = set->phrases->len;
  g_autofree BaguPhrase *by_id = g_new (BaguPhrase, n);
  static const BaguPhraseSort sorts[] = {
    BAGU_PHRASE_SORT_DF, BAGU_PHRASE_SORT_LENGTH, BAGU_PHRASE_SORT_SCORE,
  };

  for (guint i = 0; i < n; i++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, i);

      assert_int_equal (p->id, i + 1);
      if (i > 0)
        assert_true (ranks_before (bagu_phrase_set_get (set, i - 1), p));
      by_id[i] = *p;
    }

  for (guint k = 0; k < G_N_ELEMENTS (sorts); k++)
    {
      g_autofree guint8 *seen = g_new0 (guint8, n + 1);

      bagu_phrase_set_sort (set, sorts[k]);
      assert_int_equal (set->phrases->len, n);
      for (guint i = 0; i < n; i++)
        {
          const BaguPhrase *p = bagu_phrase_set_get (set, i);
          const BaguPhrase *prev = i > 0 ? bagu_phrase_set_get (set, i - 1) : NULL;
          const BaguPhrase *orig;

          /* Ids are stable: each still names the same phrase. */
          assert_true (p->id >= 1 && p->id <= n);
          assert_int_equal (seen[p->id], 0);
          seen[p->id] = 1;
          orig = &by_id[p->id - 1];
          assert_ptr_equal (p->text, orig->text);
          assert_int_equal (p->df, orig->df);
          assert_int_equal (p->length, orig->length);
          assert_int_equal (p->lb, orig->lb);
          assert_int_equal (p->rb, orig->rb);
          assert_true (p->score == orig->score);
          if (prev == NULL)
            continue;
          switch (sorts[k])
            {
            case BAGU_PHRASE_SORT_DF:
              assert_true (prev->df > p->df || (prev->df == p->df && prev->id < p->id));
              break;
            case BAGU_PHRASE_SORT_LENGTH:
              assert_true (prev->length > p->length
                           || (prev->length == p->length && prev->id < p->id));
              break;
            case BAGU_PHRASE_SORT_SCORE:
            default:
              assert_int_equal (p->id, i + 1);
              break;
            }
        }
    }
}

static void
assert_sets_equal (const BaguPhraseSet *a, const BaguPhraseSet *b)
{
  g_autoptr(GArray) occ_x = NULL;
  g_autoptr(GArray) occ_y = NULL;

  assert_int_equal (a->phrases->len, b->phrases->len);
  for (guint i = 0; i < a->phrases->len; i++)
    {
      const BaguPhrase *x = bagu_phrase_set_get (a, i), *y = bagu_phrase_set_get (b, i);

      g_clear_pointer (&occ_x, g_array_unref);
      g_clear_pointer (&occ_y, g_array_unref);
      occ_x = phrase_occurrences (a, x);
      occ_y = phrase_occurrences (b, y);
      assert_int_equal (occ_x->len, occ_y->len);
      assert_memory_equal (occ_x->data, occ_y->data, occ_x->len * sizeof (BaguOccurrence));

      assert_int_equal (x->id, y->id);
      assert_int_equal (x->length, y->length);
      assert_int_equal (x->df, y->df);
      assert_int_equal (x->count, y->count);
      assert_int_equal (x->lb, y->lb);
      assert_int_equal (x->rb, y->rb);
      assert_int_equal (x->n_slots, y->n_slots);
      assert_true (x->boundary == y->boundary);
      assert_true (x->score == y->score);
      assert_string_equal (x->text, y->text);
      assert_int_equal (x->fills == NULL, y->fills == NULL);
      if (x->fills == NULL)
        continue;
      assert_int_equal (x->fills->len, y->fills->len);
      for (guint s = 0; s < x->fills->len; s++)
        {
          GPtrArray *fx = g_ptr_array_index (x->fills, s), *fy = g_ptr_array_index (y->fills, s);

          assert_int_equal (fx->len, fy->len);
          for (guint f = 0; f < fx->len; f++)
            assert_string_equal (g_ptr_array_index (fx, f), g_ptr_array_index (fy, f));
        }
    }
}

static void
test_samples_deterministic (void **state)
{
  Samples *s = *state;
  g_autoptr(BaguCorpus) corpus = load_samples ();
  g_autoptr(BaguIndex) index = build_index (corpus);
  g_autoptr(BaguPhraseSet) again = find_phrases (s->corpus, s->index,
                                                 BAGU_PHRASES_DEFAULT_MIN_LENGTH,
                                                 BAGU_PHRASES_DEFAULT_MIN_DOCS);
  g_autoptr(BaguPhraseSet) other = find_phrases (corpus, index, BAGU_PHRASES_DEFAULT_MIN_LENGTH,
                                                 BAGU_PHRASES_DEFAULT_MIN_DOCS);

  assert_sets_equal (s->set, again);
  assert_sets_equal (s->set, other);
}

/* Walked and made in parts of the suffix array on several threads, the
 * phrases of the samples are those of one part on one thread. */
static void
test_samples_threads (void **state)
{
  Samples *s = *state;
  guint threads = bagu_parallel_threads ();

  (void) state;
  assert_true (s->index->n > 1024);
  for (guint t = 1; t <= 3; t += 2)
    {
      g_autoptr(BaguPhraseSet) set = NULL;

      bagu_parallel_set_threads (t);
      set = find_phrases (s->corpus, s->index, BAGU_PHRASES_DEFAULT_MIN_LENGTH,
                          BAGU_PHRASES_DEFAULT_MIN_DOCS);
      assert_sets_equal (s->set, set);
    }
  bagu_parallel_set_threads (threads);
}

/* Described all at once, on several threads, the phrases read as one at
 * a time; the descriptions go to their own phrases, whatever the order of
 * the ids, and a phrase described before is left as it is. */
static void
test_samples_describe_batch (void **state)
{
  Samples *s = *state;
  BaguPhraseOptions options = { BAGU_PHRASES_DEFAULT_MIN_LENGTH, BAGU_PHRASES_DEFAULT_MIN_DOCS };
  g_autoptr(BaguPhraseSet) batch = bagu_phrases_find (s->corpus, s->index, &options);
  guint n = batch->phrases->len;
  g_autofree guint32 *ids = g_new (guint32, n);
  BaguPhrase *first = bagu_phrase_set_get (batch, 0);
  guint threads = bagu_parallel_threads ();
  guint n_samples = 0;
  const char *text;

  bagu_phrase_describe (batch, first);
  text = first->text;
  for (guint i = 0; i < n; i++)
    {
      ids[i] = n - 1 - i;
      n_samples += MIN (bagu_phrase_set_get (batch, i)->count, BAGU_PHRASES_SAMPLE);
    }
  /* Enough to be read in parts (from 1024 samples on). */
  assert_true (n_samples > 1024);
  bagu_parallel_set_threads (3);
  bagu_phrases_describe (batch, ids, n);
  bagu_parallel_set_threads (threads);
  assert_ptr_equal (first->text, text);
  assert_sets_equal (s->set, batch);
}

/* The boundary before each token: at the paragraph's start and after 。
 * a sentence's, after ， a clause's, none inside a run; made once, however
 * many threads ask at the same time. */
static gpointer
ask_boundaries (gpointer corpus)
{
  return (gpointer) bagu_corpus_boundaries (corpus);
}

static void
test_boundaries (void **state)
{
  const char *texts[] = { "一是加强。二是，强化\n", "三是\n" };
  g_autoptr(BaguCorpus) corpus = load_texts (texts, 2, NULL);
  const guint8 edge = BAGU_BOUNDARY_CLAUSE | BAGU_BOUNDARY_SENTENCE;
  const guint8 want[] = { edge, 0, 0, 0, edge, 0, BAGU_BOUNDARY_CLAUSE, 0, edge,
                          edge, 0, edge, 0 };
  GThread *threads[4];
  const guint8 *flags;

  (void) state;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("ask", ask_boundaries, corpus);
  flags = bagu_corpus_boundaries (corpus);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    assert_ptr_equal (g_thread_join (threads[i]), flags);
  assert_ptr_equal (bagu_corpus_boundaries (corpus), flags);
  /* 一 是 加 强 | 二 是 | 强 化 SEP | 三 是 SEP, and past the end none. */
  assert_int_equal (corpus->n_tokens + 1, G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    assert_int_equal (flags[i], want[i]);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_single_phrase),
    cmocka_unit_test (test_left_extension),
    cmocka_unit_test (test_right_extension),
    cmocka_unit_test (test_repeated_in_one_document),
    cmocka_unit_test (test_written_forms),
    cmocka_unit_test (test_slots),
    cmocka_unit_test (test_latin_words),
    cmocka_unit_test (test_no_crossing),
    cmocka_unit_test (test_boundaries),
    cmocka_unit_test (test_boundary_score),
    cmocka_unit_test (test_sampled_form),
    cmocka_unit_test (test_boundary_sample),
    cmocka_unit_test (test_score_ties),
    cmocka_unit_test (test_compilation),
    cmocka_unit_test (test_expanding_character),
    cmocka_unit_test (test_expanding_character_slot),
    cmocka_unit_test (test_random_corpora),
    cmocka_unit_test_setup_teardown (test_samples_known_phrases, setup_samples, teardown_samples),
    cmocka_unit_test_setup_teardown (test_samples_ids_and_sort, setup_samples, teardown_samples),
    cmocka_unit_test_setup_teardown (test_samples_deterministic, setup_samples, teardown_samples),
    cmocka_unit_test_setup_teardown (test_samples_threads, setup_samples, teardown_samples),
    cmocka_unit_test_setup_teardown (test_samples_describe_batch, setup_samples,
                                     teardown_samples),
    /* Last: it reads past a buffer, which stops the program under ASan. */
    cmocka_unit_test (test_expanding_character_at_end),
  };

  return cmocka_run_group_tests_name ("phrases", tests, NULL, NULL);
}
