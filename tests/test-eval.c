/* test-eval.c: the evaluator's metrics and readers on hand-made inputs whose figures are worked out in tests/data/bench/eval/README. */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "bagu-evaluate.h"

#define EPS 1e-9

static const BaguEvalThresholds thresholds = { BAGU_EVAL_TEMPLATE_MIN, BAGU_EVAL_SPECIFIC_MAX };

static BaguEvalTruth *
load_truth (void)
{
  g_autofree char *truth_path = test_srcpath ("tests", "data", "bench", "eval", "corpus.truth.tsv", NULL);
  g_autofree char *corpus = test_srcpath ("tests", "data", "bench", "eval", "corpus", NULL);
  g_autoptr(GError) error = NULL;
  BaguEvalTruth *truth = bagu_eval_truth_load (truth_path, corpus, &error);

  assert_null (error);
  assert_non_null (truth);
  return truth;
}

static char *
data_path (const char *name)
{
  return test_srcpath ("tests", "data", "bench", "eval", name, NULL);
}

static void
test_truth (void **state)
{
  g_autoptr(BaguEvalTruth) truth = load_truth ();
  const double shares[] = { 1.0, 0.0, 0.5, 0.0, 0.5 };

  assert_int_equal (truth->docs->len, 3);
  assert_int_equal (truth->sentences->len, 8);
  assert_int_equal (truth->n_template, 4);
  assert_int_equal (truth->paragraphs->len, 5);
  for (guint i = 0; i < 5; i++)
    assert_true (fabs (g_array_index (truth->paragraphs, BaguEvalParagraph, i).share - shares[i]) < EPS);
  /* b's first paragraph: both of its sentences, 0 to 14. */
  assert_int_equal (g_array_index (truth->paragraphs, BaguEvalParagraph, 2).start, 0);
  assert_int_equal (g_array_index (truth->paragraphs, BaguEvalParagraph, 2).end, 14);
  assert_int_equal (g_array_index (truth->paragraphs, BaguEvalParagraph, 2).n_sentences, 2);
  /* Documents are found whatever directory bagu was given. */
  assert_int_equal (bagu_eval_truth_find (truth, "b.txt"), 1);
  assert_int_equal (bagu_eval_truth_find (truth, "some/where/c.txt"), 2);
  assert_int_equal (bagu_eval_truth_find (truth, "some/where/c.txt#2"), -1);
  assert_int_equal (bagu_eval_truth_find (truth, "d.txt"), -1);
}

static void
test_labels (void **state)
{
  assert_int_equal (bagu_eval_label (&thresholds, 0.7), BAGU_EVAL_LABEL_TEMPLATE);
  assert_int_equal (bagu_eval_label (&thresholds, 0.69), BAGU_EVAL_LABEL_MIXED);
  assert_int_equal (bagu_eval_label (&thresholds, 0.3), BAGU_EVAL_LABEL_MIXED);
  assert_int_equal (bagu_eval_label (&thresholds, 0.29), BAGU_EVAL_LABEL_SPECIFIC);
  assert_int_equal (bagu_eval_label (&thresholds, 0.0), BAGU_EVAL_LABEL_SPECIFIC);
  assert_int_equal (bagu_eval_label (&thresholds, 1.0), BAGU_EVAL_LABEL_TEMPLATE);
}

static void
test_phrases (void **state)
{
  g_autoptr(BaguEvalTruth) truth = load_truth ();
  g_autoptr(BaguEvalEvidence) evidence = bagu_eval_evidence_new (truth);
  g_autoptr(BaguEvalCases) cases = bagu_eval_cases_new (truth, 100);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("phrases.json");
  BaguEvalScores s;

  assert_true (bagu_eval_read_phrases (evidence, truth, path, &error));
  assert_null (error);
  assert_int_equal (evidence->n_unknown, 1);
  bagu_eval_score (truth, evidence, cases, &thresholds, &s);
  assert_true (s.has_sentences);
  assert_int_equal (s.tp, 3);
  assert_int_equal (s.fp, 2);
  assert_int_equal (s.fn, 1);
  assert_int_equal (s.tn, 2);
  assert_true (fabs (s.precision - 3.0 / 5) < EPS);
  assert_true (fabs (s.recall - 3.0 / 4) < EPS);
  assert_true (fabs (s.f1 - 2.0 / 3) < EPS);
  assert_true (s.has_paragraphs);
  assert_int_equal (s.n_paragraphs, 5);
  assert_int_equal (s.n_correct, 4);
  assert_true (fabs (s.accuracy - 0.8) < EPS);
  assert_true (fabs (s.mae - 7.0 / 30) < EPS);
  /* Phrases are no passages. */
  assert_false (s.has_passages);
}

static void
test_passages (void **state)
{
  g_autoptr(BaguEvalTruth) truth = load_truth ();
  g_autoptr(BaguEvalEvidence) evidence = bagu_eval_evidence_new (truth);
  g_autoptr(BaguEvalCases) cases = bagu_eval_cases_new (truth, 100);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("passages.jsonl");
  BaguEvalScores s;

  assert_int_equal (cases->n_pairs_total, 3);
  assert_int_equal (cases->pair_list->len, 3);
  assert_int_equal (cases->cases->len, 2);
  assert_true (bagu_eval_read_passages (evidence, truth, path, &error));
  assert_null (error);
  assert_int_equal (evidence->passages->len, 4);
  /* The first line names b first: stored with the lower document first. */
  assert_int_equal (g_array_index (evidence->passages, BaguEvalPassage, 0).a, 0);
  assert_int_equal (g_array_index (evidence->passages, BaguEvalPassage, 0).a_end, 5);
  assert_int_equal (g_array_index (evidence->passages, BaguEvalPassage, 0).b_end, 7);

  bagu_eval_score (truth, evidence, cases, &thresholds, &s);
  assert_true (s.has_passages);
  assert_int_equal (s.n_cases, 2);
  assert_int_equal (s.n_detections, 4);
  assert_int_equal (s.n_detected_cases, 2);
  assert_true (fabs (s.passage_recall - 1.0) < EPS);
  assert_true (fabs (s.passage_precision - 0.75) < EPS);
  assert_true (fabs (s.granularity - 1.5) < EPS);
  assert_true (fabs (s.plagdet - (6.0 / 7) / log2 (2.5)) < EPS);
  /* The passages' spans are template evidence too. */
  assert_int_equal (s.tp, 4);
  assert_int_equal (s.fp, 2);
  assert_int_equal (s.fn, 0);
  assert_true (fabs (s.f1 - 0.8) < EPS);
}

static void
test_xml (void **state)
{
  g_autoptr(BaguEvalTruth) truth = load_truth ();
  g_autoptr(BaguEvalEvidence) evidence = bagu_eval_evidence_new (truth);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("analyze.xml");
  BaguEvalScores s;

  assert_true (bagu_eval_read_xml (evidence, truth, path, &error));
  assert_null (error);
  bagu_eval_score (truth, evidence, NULL, &thresholds, &s);
  /* Scores without spans: paragraph figures only. */
  assert_false (s.has_sentences);
  assert_true (s.has_paragraphs);
  assert_int_equal (s.n_correct, 3);
  assert_true (fabs (s.accuracy - 0.6) < EPS);
  assert_true (fabs (s.mae - 0.26) < EPS);
}

static void
test_xml_evidence (void **state)
{
  g_autoptr(BaguEvalTruth) truth = load_truth ();
  g_autoptr(BaguEvalEvidence) evidence = bagu_eval_evidence_new (truth);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = data_path ("analyze-evidence.xml");
  BaguEvalScores s;

  (void) state;
  assert_true (bagu_eval_read_xml (evidence, truth, path, &error));
  assert_null (error);
  /* Evidence counts by its weight: a's 甲乙丙丁戊己 at 0.4 is not enough,
   * b's at 0.6 is; reuse without a weight counts fully. */
  assert_int_equal (evidence->cover[0][0], (guint8) (0.4 * BAGU_EVAL_FULL + 0.5));
  assert_int_equal (evidence->cover[0][6], 0);
  assert_int_equal (evidence->cover[0][7], BAGU_EVAL_FULL);
  assert_int_equal (evidence->cover[0][13], 0);
  bagu_eval_score (truth, evidence, NULL, &thresholds, &s);
  assert_true (s.has_sentences);
  assert_int_equal (s.tp, 2);
  assert_int_equal (s.fp, 0);
  assert_int_equal (s.fn, 2);
}

static void
test_baseline (void **state)
{
  g_autoptr(BaguEvalTruth) truth = load_truth ();
  g_autoptr(BaguEvalCases) cases = bagu_eval_cases_new (truth, 100);
  g_autoptr(BaguEvalEvidence) six = bagu_eval_baseline (truth, 6, cases);
  g_autoptr(BaguEvalEvidence) eight = bagu_eval_baseline (truth, 8, cases);
  g_autoptr(BaguEvalEvidence) twelve = bagu_eval_baseline (truth, 12, cases);
  BaguEvalScores s;

  bagu_eval_score (truth, six, cases, &thresholds, &s);
  assert_int_equal (s.tp, 4);
  assert_int_equal (s.fp, 0);
  assert_int_equal (s.fn, 0);
  assert_true (fabs (s.f1 - 1.0) < EPS);
  assert_true (fabs (s.accuracy - 1.0) < EPS);
  assert_true (fabs (s.mae) < EPS);
  /* One exact passage a case, nothing else. */
  assert_int_equal (s.n_detections, 2);
  assert_true (fabs (s.plagdet - 1.0) < EPS);
  for (guint32 i = 0; i < 14; i++)
    assert_int_equal (six->cover[0][i], BAGU_EVAL_FULL);
  assert_int_equal (six->cover[0][16], 0);

  /* Eight characters: only "。庚辛壬癸子丑。", which a and c share with the
   * end mark before it; a's and b's first sentences are followed by
   * different text. */
  bagu_eval_score (truth, eight, cases, &thresholds, &s);
  assert_int_equal (s.tp, 2);
  assert_int_equal (s.fp, 0);
  assert_int_equal (s.fn, 2);
  assert_true (fabs (s.f1 - 2.0 / 3) < EPS);
  assert_int_equal (eight->cover[0][5], 0);
  assert_int_equal (eight->cover[0][6], BAGU_EVAL_FULL);
  assert_int_equal (s.n_detections, 1);
  assert_true (fabs (s.passage_recall - 0.5) < EPS);
  assert_true (fabs (s.passage_precision - 1.0) < EPS);
  assert_true (fabs (s.plagdet - 2.0 / 3) < EPS);

  bagu_eval_score (truth, twelve, cases, &thresholds, &s);
  assert_int_equal (s.tp, 0);
  assert_int_equal (s.fp, 0);
  assert_true (fabs (s.f1) < EPS);
  assert_int_equal (s.n_detections, 0);
  assert_true (fabs (s.plagdet) < EPS);
}

/* A truth built in memory: two documents share two template sentences in
 * a row, across a paragraph break in one of them: one case. */
static void
test_cases_join_runs (void **state)
{
  g_autoptr(BaguEvalTruth) truth = bagu_eval_truth_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguEvalCases) cases = NULL;
  g_autoptr(BaguEvalEvidence) evidence = NULL;
  BaguEvalScores s;
  guint a = bagu_eval_truth_add_document (truth, "a.txt", "一二三四。\n五六七八。九十百千。\n");
  guint b = bagu_eval_truth_add_document (truth, "b.txt", "甲乙丙丁。一二三四。五六七八。\n");

  bagu_eval_truth_add_sentence (truth, a, 0, 0, 5, 1, TRUE);
  bagu_eval_truth_add_sentence (truth, a, 1, 6, 11, 2, TRUE);
  bagu_eval_truth_add_sentence (truth, a, 1, 11, 16, 0, FALSE);
  bagu_eval_truth_add_sentence (truth, b, 0, 0, 5, 0, FALSE);
  bagu_eval_truth_add_sentence (truth, b, 0, 5, 10, 1, TRUE);
  bagu_eval_truth_add_sentence (truth, b, 0, 10, 15, 2, TRUE);
  assert_true (bagu_eval_truth_finish (truth, &error));
  assert_int_equal (truth->paragraphs->len, 3);

  cases = bagu_eval_cases_new (truth, 10);
  assert_int_equal (cases->cases->len, 1);
  assert_int_equal (g_array_index (cases->cases, BaguEvalPassage, 0).a_start, 0);
  assert_int_equal (g_array_index (cases->cases, BaguEvalPassage, 0).a_end, 11);
  assert_int_equal (g_array_index (cases->cases, BaguEvalPassage, 0).b_start, 5);
  assert_int_equal (g_array_index (cases->cases, BaguEvalPassage, 0).b_end, 15);

  /* A detection of the first half only: recall 8 of 16 characters. */
  evidence = bagu_eval_evidence_new (truth);
  bagu_eval_evidence_add_passage (evidence, truth, b, 5, 10, a, 0, 5);
  bagu_eval_score (truth, evidence, cases, &thresholds, &s);
  assert_true (fabs (s.passage_recall - 0.5) < EPS);
  assert_true (fabs (s.passage_precision - 1.0) < EPS);
  assert_true (fabs (s.granularity - 1.0) < EPS);
  assert_true (fabs (s.plagdet - 2.0 / 3) < EPS);
}

static void
test_truth_errors (void **state)
{
  g_autoptr(BaguEvalTruth) truth = bagu_eval_truth_new ();
  g_autoptr(BaguEvalTruth) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bagu-eval-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.tsv", NULL);
  g_autofree char *corpus = test_srcpath ("tests", "data", "bench", "eval", "corpus", NULL);
  guint a = bagu_eval_truth_add_document (truth, "a.txt", "一二三。");

  /* Past the end of the document. */
  bagu_eval_truth_add_sentence (truth, a, 0, 0, 9, 0, FALSE);
  assert_false (bagu_eval_truth_finish (truth, &error));
  assert_error_matches (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_TRUTH);
  g_clear_error (&error);

  assert_true (g_file_set_contents (bad, "document\tfrom\tto\n", -1, NULL));
  loaded = bagu_eval_truth_load (bad, corpus, &error);
  assert_null (loaded);
  assert_error_matches (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT);
  g_clear_error (&error);

  assert_true (g_file_set_contents (bad, "doc\tparagraph\tstart\tend\tkind\na.txt\t0\t0\t7\tboiler\n", -1, NULL));
  loaded = bagu_eval_truth_load (bad, corpus, &error);
  assert_null (loaded);
  assert_error_matches (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT);
  assert_non_null (strstr (error->message, ":2:"));
  g_clear_error (&error);
  g_unlink (bad);
  g_rmdir (dir);
}

/* Broken output of bagu is an error with the file and line, never a
 * silent zero. */
static void
test_reader_errors (void **state)
{
  g_autoptr(BaguEvalTruth) truth = load_truth ();
  g_autofree char *dir = g_dir_make_tmp ("bagu-eval-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out", NULL);
  static const struct {
    const char *text;
    int kind;            /* 0 phrases, 1 passages, 2 xml */
    const char *message;
  } cases[] = {
    { "{\"phrases\": [\n{\"occurrences\": [{\"doc\": \"a.txt\", \"start\": 0}]}]}", 0, "out:2:" },
    { "{\"phrases\": [\n{\"occurrences\": [{\"doc\": \"a.txt\", \"start\": 0, \"end\": 3}]}\n", 0, "out:3:" },
    { "{\"phrases\": [{\"occurrences\": [{\"doc\": \"a.txt\", \"start\": -1, \"end\": 3}]}]}", 0, "lacks" },
    { "{\"bagu\": \"0.1.0\"}", 0, "no \"phrases\" array" },
    { "{\"phrases\": []} x", 0, "text after" },
    { "{\"a\": \"a.txt\", \"a_start\": 0, \"a_end\": 3, \"b\": \"b.txt\", \"b_start\": 0}\n", 1, "out:1:" },
    { "{\"a\": \"a.txt\", \"a_start\": 0, \"a_end\": 3, \"b\": \"b.txt\", \"b_start\": 0, \"b_end\": 3}\n{\"a\": \n", 1, "out:3:" },
    { "<bagu><document name=\"a.txt\"><p start=\"0\" end=\"14\"/></document></bagu>", 2, "no paragraph" },
    { "<bagu><document name=\"a.txt\"><p start=\"0\" end=\"14\" score=\"2\"/></document></bagu>", 2, "not a number from 0 to 1" },
    { "<bagu><document>", 2, "out:" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BaguEvalEvidence) evidence = bagu_eval_evidence_new (truth);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      assert_true (g_file_set_contents (path, cases[i].text, -1, NULL));
      if (cases[i].kind == 0)
        ok = bagu_eval_read_phrases (evidence, truth, path, &error);
      else if (cases[i].kind == 1)
        ok = bagu_eval_read_passages (evidence, truth, path, &error);
      else
        ok = bagu_eval_read_xml (evidence, truth, path, &error);
      if (ok || error == NULL || strstr (error->message, cases[i].message) == NULL)
        fail_msg ("case %zu: expected an error with '%s', got %s", i, cases[i].message,
                  error != NULL ? error->message : "none");
      assert_error_matches (error, BAGU_EVAL_ERROR, BAGU_EVAL_ERROR_FORMAT);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* Large corpora get a sample of pairs: the same one every run, about the
 * size asked for. */
static void
test_pair_sample (void **state)
{
  g_autoptr(BaguEvalTruth) truth = bagu_eval_truth_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguEvalCases) first = NULL;
  g_autoptr(BaguEvalCases) second = NULL;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("%03u.txt", i);
      guint d = bagu_eval_truth_add_document (truth, name, "一二三四。");

      bagu_eval_truth_add_sentence (truth, d, 0, 0, 5, 1, TRUE);
    }
  assert_true (bagu_eval_truth_finish (truth, &error));
  first = bagu_eval_cases_new (truth, 500);
  second = bagu_eval_cases_new (truth, 500);
  assert_int_equal (first->n_pairs_total, 4950);
  assert_in_range (first->pair_list->len, 350, 650);
  assert_int_equal (first->pair_list->len, second->pair_list->len);
  assert_memory_equal (first->pair_list->data, second->pair_list->data,
                       first->pair_list->len * sizeof (guint64));
  /* Every document shares the template: one case a sampled pair. */
  assert_int_equal (first->cases->len, first->pair_list->len);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_truth),
    cmocka_unit_test (test_labels),
    cmocka_unit_test (test_phrases),
    cmocka_unit_test (test_passages),
    cmocka_unit_test (test_xml),
    cmocka_unit_test (test_xml_evidence),
    cmocka_unit_test (test_baseline),
    cmocka_unit_test (test_cases_join_runs),
    cmocka_unit_test (test_truth_errors),
    cmocka_unit_test (test_reader_errors),
    cmocka_unit_test (test_pair_sample),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
