/* tests/test-score.c: the scoring rules one by one, and scores of
 * hand-made corpora. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "test-util.h"
#include "test-corpus.h"
#include "bagu-align.h"
#include "bagu-parallel.h"
#include "bagu-phrases.h"
#include "bagu-score.h"
#include "bagu-write.h"

#define P1 "各级党组织要把意识形态工作摆在全局工作的重要位置，主要负责同志要带头抓、亲自管，做到守土有责、守土负责、守土尽责。"
#define P1_EDITED "各级党组织要切实把意识形态工作摆在全局工作的突出位置，主要负责同志要带头抓，亲自管，做到守土有责、守土负责、守土尽责。"
#define UA1 "本单位地处城郊结合部，辖区内企业较多，流动人口数量大，基层治理任务繁重。"
#define UA2 "食堂今年换了新的灶具，职工反映饭菜比以前可口。"
#define UB1 "今年春天雨水偏多，果园里的桃花开得比往年晚了一个星期，游客却比往年多。"
#define UB2 "河堤上新栽的柳树大多成活，夏天可以乘凉。"
#define UC1 "村口的小卖部改成了快递收发点，老人取件方便多了。"
#define UC2 "档案室漏雨的屋顶已经修好，旧卷宗搬回了原处。"

/* Rules */

static void
test_reuse_weight (void **state)
{
  (void) state;
  assert_true (bagu_score_reuse_weight (0) == 0.0);
  assert_true (fabs (bagu_score_reuse_weight (1) - 0.9) < 1e-9);
  /* More documents weigh more, never more than 1. */
  for (guint k = 1; k < 100; k++)
    {
      assert_true (bagu_score_reuse_weight (k + 1) > bagu_score_reuse_weight (k));
      assert_true (bagu_score_reuse_weight (k) < 1.0);
    }
}

static void
test_phrase_weight (void **state)
{
  BaguScoreOptions o;

  (void) state;
  bagu_score_options_init (&o);
  /* Topic terms (shorter than term_length) and unshared text weigh nothing. */
  assert_true (bagu_score_phrase_weight (&o, o.term_length - 1, 50, 1.0) == 0.0);
  assert_true (bagu_score_phrase_weight (&o, 40, 1, 1.0) == 0.0);
  /* Longer weighs more, up to full_length; more documents weigh more. */
  for (guint len = o.term_length; len < o.full_length + 4; len++)
    {
      double w = bagu_score_phrase_weight (&o, len, 5, 1.0);

      assert_true (w > 0 && w <= 1.0);
      if (len < o.full_length)
        assert_true (bagu_score_phrase_weight (&o, len + 1, 5, 1.0) > w);
      else
        assert_true (fabs (bagu_score_phrase_weight (&o, len + 1, 5, 1.0) - w) < 1e-12);
      assert_true (bagu_score_phrase_weight (&o, len, 6, 1.0) > w);
    }
  assert_true (fabs (bagu_score_phrase_weight (&o, o.full_length, 2, 1.0) - 0.9) < 1e-9);
  /* A fragment inside clauses weighs half a clause. */
  assert_true (fabs (bagu_score_phrase_weight (&o, 20, 3, 0.0)
                     - 0.5 * bagu_score_phrase_weight (&o, 20, 3, 1.0)) < 1e-12);
}

static void
test_labels (void **state)
{
  BaguScoreOptions o;

  (void) state;
  bagu_score_options_init (&o);
  assert_int_equal (bagu_score_label (&o, 1.0), BAGU_LABEL_TEMPLATE);
  assert_int_equal (bagu_score_label (&o, o.template_min), BAGU_LABEL_TEMPLATE);
  assert_int_equal (bagu_score_label (&o, o.template_min - 1e-6), BAGU_LABEL_MIXED);
  assert_int_equal (bagu_score_label (&o, o.specific_max), BAGU_LABEL_MIXED);
  assert_int_equal (bagu_score_label (&o, o.specific_max - 1e-6), BAGU_LABEL_SPECIFIC);
  assert_int_equal (bagu_score_label (&o, 0.0), BAGU_LABEL_SPECIFIC);
  assert_string_equal (bagu_label_name (BAGU_LABEL_TEMPLATE), "template");
  assert_string_equal (bagu_label_name (BAGU_LABEL_MIXED), "mixed");
  assert_string_equal (bagu_label_name (BAGU_LABEL_SPECIFIC), "specific");
}

/* Corpora */

typedef struct {
  BaguCorpus *corpus;
  BaguIndex *index;
  BaguPhraseSet *phrases;
  BaguAlignment *alignment;
  BaguScores *scores;
} Scored;

static Scored *
score_texts (const char *const *texts, guint n, gboolean use_phrases, gboolean use_passages)
{
  Scored *s = g_new0 (Scored, 1);
  BaguPhraseOptions po = { BAGU_PHRASES_DEFAULT_MIN_LENGTH, BAGU_PHRASES_DEFAULT_MIN_DOCS };
  BaguAlignOptions ao;
  BaguScoreOptions so;
  g_autofree guint32 *starts = NULL;

  bagu_align_options_init (&ao);
  bagu_score_options_init (&so);
  s->corpus = load_texts (texts, n, NULL);
  s->index = build_index (s->corpus);
  starts = bagu_corpus_document_starts (s->corpus);
  if (use_phrases)
    s->phrases = bagu_phrases_find (s->corpus, s->index, &po);
  if (use_passages)
    s->alignment = bagu_align (s->corpus, starts, &ao);
  s->scores = bagu_score (s->corpus, s->phrases, s->alignment, &so);
  return s;
}

static void
scored_free (Scored *s)
{
  bagu_scores_free (s->scores);
  bagu_alignment_free (s->alignment);
  bagu_phrase_set_free (s->phrases);
  bagu_index_free (s->index);
  bagu_corpus_free (s->corpus);
  g_free (s);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scored, scored_free)

/* The score of paragraph k of document d. */
static double
para_score (const Scored *s, guint d, guint k)
{
  return s->scores->paragraph_score[bagu_corpus_document (s->corpus, d)->first_paragraph + k];
}

static guint8
para_label (const Scored *s, guint d, guint k)
{
  return s->scores->paragraph_label[bagu_corpus_document (s->corpus, d)->first_paragraph + k];
}

static void
test_copied_paragraph (void **state)
{
  const char *texts[] = {
    P1 "\n" UA1 "\n",
    UB1 "\n" P1_EDITED "\n",
    UC1 "\n" UC2 "\n",
  };
  g_autoptr(Scored) s = score_texts (texts, 3, TRUE, TRUE);
  const BaguShare *share;
  guint32 p1_tokens = g_utf8_strlen (P1, -1) - 6;   /* five punctuation marks and 。 */

  (void) state;
  /* The copied paragraph is template on both sides, the rest specific. */
  assert_true (para_score (s, 0, 0) > 0.85);
  assert_int_equal (para_label (s, 0, 0), BAGU_LABEL_TEMPLATE);
  assert_true (para_score (s, 1, 1) > 0.85);
  assert_true (para_score (s, 0, 1) == 0.0);
  assert_int_equal (para_label (s, 0, 1), BAGU_LABEL_SPECIFIC);
  assert_true (para_score (s, 1, 0) == 0.0);
  assert_true (s->scores->document_ratio[2] == 0.0);
  assert_true (s->scores->document_ratio[0] > 0.3 && s->scores->document_ratio[0] < 0.7);
  /* Evidence: the passage on both sides; weights within [0, 1]. */
  for (gsize t = 0; t < s->corpus->n_tokens; t++)
    assert_true (s->scores->weight[t] >= 0 && s->scores->weight[t] <= 1);
  {
    guint32 t = bagu_corpus_paragraph (s->corpus, 0)->first_token;

    assert_true (s->scores->evidence[t] & BAGU_EVIDENCE_REUSE);
  }
  /* One pair shares text: the paragraph, as a share of each document. */
  assert_int_equal (s->alignment->shares->len, 1);
  share = &g_array_index (s->alignment->shares, BaguShare, 0);
  assert_int_equal (share->a, 0);
  assert_int_equal (share->b, 1);
  assert_int_equal (share->tokens_a, p1_tokens);
  assert_true (fabs (share->share_a - (double) p1_tokens / s->scores->document_tokens[0]) < 1e-9);
  /* Each is the other's top source; the third has none. */
  assert_int_equal (s->scores->top_source[0 * BAGU_SCORE_TOP_SOURCES], 1);
  assert_int_equal (s->scores->top_source[1 * BAGU_SCORE_TOP_SOURCES], 0);
  assert_int_equal (s->scores->top_source[2 * BAGU_SCORE_TOP_SOURCES], G_MAXUINT32);
}

static void
test_more_documents_weigh_more (void **state)
{
  const char *two[] = { P1 "\n" UA1 "\n", P1 "\n" UB1 "\n" };
  const char *four[] = { P1 "\n" UA1 "\n", P1 "\n" UB1 "\n", P1 "\n" UC1 "\n", P1 "\n" UC2 "\n" };
  g_autoptr(Scored) s2 = score_texts (two, 2, TRUE, TRUE);
  g_autoptr(Scored) s4 = score_texts (four, 4, TRUE, TRUE);

  (void) state;
  assert_true (para_score (s4, 0, 0) > para_score (s2, 0, 0));
  assert_true (para_score (s2, 0, 0) > 0.89);
}

static void
test_topic_terms_weigh_little (void **state)
{
  /* 意识形态工作 (six characters) in every document, inside text that is
   * otherwise each one's own: phrases alone leave the paragraphs
   * specific. */
  const char *texts[] = {
    "今年我们把意识形态工作写进了年度计划。\n",
    "村里的意识形态工作由支部书记亲自负责。\n",
    "学校开学前专门研究了意识形态工作安排。\n",
  };
  g_autoptr(Scored) s = score_texts (texts, 3, TRUE, FALSE);

  (void) state;
  for (guint d = 0; d < 3; d++)
    {
      assert_true (para_score (s, d, 0) == 0.0);
      assert_int_equal (para_label (s, d, 0), BAGU_LABEL_SPECIFIC);
    }
}

static void
test_long_stock_phrase (void **state)
{
  /* A long clause in three documents, by the phrases alone: it weighs,
   * and the paragraph that is nothing else scores as template. */
  const char *texts[] = {
    "坚持同部署、同落实、同检查、同考核，纳入党建工作责任制。\n" UA1 "\n",
    "坚持同部署、同落实、同检查、同考核，纳入党建工作责任制。\n" UB1 "\n",
    "坚持同部署、同落实、同检查、同考核，纳入党建工作责任制。\n" UC1 "\n",
  };
  g_autoptr(Scored) s = score_texts (texts, 3, TRUE, FALSE);
  guint32 t = bagu_corpus_paragraph (s->corpus, 0)->first_token;

  (void) state;
  assert_true (s->scores->evidence[t] & BAGU_EVIDENCE_STOCK);
  assert_false (s->scores->evidence[t] & BAGU_EVIDENCE_REUSE);
  for (guint d = 0; d < 3; d++)
    {
      assert_true (para_score (s, d, 0) > 0.9);
      assert_true (para_score (s, d, 1) == 0.0);
    }
  assert_null (s->alignment);
}

static void
test_no_evidence (void **state)
{
  const char *texts[] = { UA1 "\n" UA2 "\n", UB1 "\n" UB2 "\n" };
  g_autoptr(Scored) s = score_texts (texts, 2, FALSE, FALSE);

  (void) state;
  for (guint i = 0; i < s->corpus->paragraphs->len; i++)
    {
      assert_true (s->scores->paragraph_score[i] == 0.0);
      assert_int_equal (s->scores->paragraph_label[i], BAGU_LABEL_SPECIFIC);
    }
  for (guint32 d = 0; d < s->corpus->documents->len; d++)
    assert_int_equal (s->scores->top_source[d * BAGU_SCORE_TOP_SOURCES], G_MAXUINT32);
}

/* @n documents, each a paragraph of its own, a copied or shared one (P1,
 * P1 edited, or UC2 in every third), and the next document's own. */
static GPtrArray *
copied_texts (guint n)
{
  const char *own[] = { UA1, UA2, UB1, UB2, UC1, UC2 };
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint d = 0; d < n; d++)
    g_ptr_array_add (texts, g_strdup_printf ("%s\n%s\n%s\n", own[d % 6],
                                             d % 3 == 0 ? P1 : d % 3 == 1 ? P1_EDITED : UC2,
                                             own[(d + 1) % 6]));
  return texts;
}

/* Scores are made in parts of documents on the threads: the same for
 * one, two and three threads, with passages painted over the parts'
 * edges (a paragraph copied into many documents, and one copied between
 * neighbours), and the reuse evidence exactly on the tokens the passages
 * cover. */
static void
test_threads_same_scores (void **state)
{
  g_autoptr(GPtrArray) texts = copied_texts (24);
  g_autoptr(Scored) one = NULL;

  (void) state;
  for (guint threads = 1; threads <= 3; threads++)
    {
      g_autoptr(Scored) s = NULL;
      g_autofree guint8 *covered = NULL;
      gsize n;
      guint n_docs, n_paras;

      bagu_parallel_set_threads (threads);
      s = score_texts ((const char *const *) texts->pdata, texts->len, TRUE, TRUE);
      n = s->corpus->n_tokens;
      n_docs = s->corpus->documents->len;
      n_paras = s->corpus->paragraphs->len;
      assert_true (s->alignment->passages->len > 20);
      covered = g_new0 (guint8, n);
      for (guint i = 0; i < s->alignment->passages->len; i++)
        {
          const BaguPassage *p = bagu_alignment_passage (s->alignment, i);

          memset (covered + p->a_pos, 1, p->a_len);
          memset (covered + p->b_pos, 1, p->b_len);
        }
      for (gsize t = 0; t < n; t++)
        if (s->corpus->tokens[t] != BAGU_TOKEN_SEP)
          assert_int_equal (!!(s->scores->evidence[t] & BAGU_EVIDENCE_REUSE), covered[t]);
      if (threads == 1)
        {
          one = g_steal_pointer (&s);
          continue;
        }
      assert_int_equal (n, one->corpus->n_tokens);
      assert_memory_equal (s->scores->weight, one->scores->weight, n * sizeof (float));
      assert_memory_equal (s->scores->evidence, one->scores->evidence, n);
      assert_memory_equal (s->scores->paragraph_score, one->scores->paragraph_score,
                           n_paras * sizeof (double));
      assert_memory_equal (s->scores->paragraph_label, one->scores->paragraph_label, n_paras);
      assert_memory_equal (s->scores->document_ratio, one->scores->document_ratio,
                           n_docs * sizeof (double));
      assert_memory_equal (s->scores->document_tokens, one->scores->document_tokens,
                           n_docs * sizeof (guint32));
      assert_memory_equal (s->scores->top_source, one->scores->top_source,
                           (gsize) n_docs * BAGU_SCORE_TOP_SOURCES * sizeof (guint32));
    }
  bagu_parallel_set_threads (0);
}

/* The analysis written as XML or JSON, into a string. */
static char *
write_analysis (const Scored *s, const BaguAnnotation *annotation, BaguFormat format)
{
  BaguAnalysis an = { s->phrases, s->alignment, s->scores, annotation };
  g_autoptr(BaguRunInfo) info = bagu_run_info_new ("analyze");
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&buffer, &len);

  assert_non_null (mem);
  assert_true (bagu_write_analysis (s->corpus, &an, info, format, mem, &error));
  assert_null (error);
  assert_int_equal (fclose (mem), 0);
  return buffer;
}

/* The writers' lookups made once (as analyze makes them, beside the
 * scores) write what each write makes for itself, and again the same on
 * a second write: what a write notes of the phrases it cites is its own. */
static void
test_annotation_made_once (void **state)
{
  g_autoptr(GPtrArray) texts = copied_texts (12);
  g_autoptr(Scored) s = NULL;
  g_autoptr(BaguAnnotation) annotation = NULL;

  (void) state;
  s = score_texts ((const char *const *) texts->pdata, texts->len, TRUE, TRUE);
  assert_true (s->alignment->passages->len > 5);
  annotation = bagu_annotation_new (s->corpus, s->alignment, s->phrases);
  for (guint f = 0; f < 2; f++)
    {
      BaguFormat format = f == 0 ? BAGU_FORMAT_XML : BAGU_FORMAT_JSON;
      g_autofree char *own_made = write_analysis (s, NULL, format);
      g_autofree char *first = write_analysis (s, annotation, format);
      g_autofree char *second = write_analysis (s, annotation, format);

      assert_non_null (strstr (own_made, f == 0 ? "<reuse with=" : "\"reuse\""));
      assert_non_null (strstr (own_made, f == 0 ? "<stock phrase=" : "\"stock\""));
      assert_string_equal (first, own_made);
      assert_string_equal (second, own_made);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_reuse_weight),
    cmocka_unit_test (test_phrase_weight),
    cmocka_unit_test (test_labels),
    cmocka_unit_test (test_copied_paragraph),
    cmocka_unit_test (test_more_documents_weigh_more),
    cmocka_unit_test (test_topic_terms_weigh_little),
    cmocka_unit_test (test_long_stock_phrase),
    cmocka_unit_test (test_no_evidence),
    cmocka_unit_test (test_threads_same_scores),
    cmocka_unit_test (test_annotation_made_once),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
