/* bench/bagu-evaluate.h: bagu's figures against a generated corpus's ground truth.
 *
 * The truth (bagu-gen's TSV and the corpus files) says which sentences are
 * template.  A system gives evidence: character spans it thinks template
 * (bagu's phrase occurrences, its passages, the baseline's shared n-grams),
 * reused passages between two documents, or paragraph scores.  The scores
 * are computed on content characters only: white space and punctuation
 * count for nothing, as they are not tokens for bagu.
 *
 * Metrics (see bench/README.md):
 *   sentences   a sentence is predicted template when at least half of its
 *               content characters are covered; precision, recall and F1
 *               of the template class
 *   paragraphs  the score (covered share, or bagu's own score) and the true
 *               template share get the same labels: template at or above
 *               template_min, specific below specific_max, mixed between;
 *               label accuracy and the mean absolute error of the score
 *   passages    PAN's plagdet over true cases (runs of template sentences
 *               two documents share) in a deterministic sample of pairs
 *
 * Ownership: everything reachable from a truth or an evidence belongs to it. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BAGU_EVAL_ERROR (bagu_eval_error_quark ())
GQuark bagu_eval_error_quark (void);

typedef enum {
  BAGU_EVAL_ERROR_READ,     /* a file could not be read */
  BAGU_EVAL_ERROR_FORMAT,   /* a file is not what it should be */
  BAGU_EVAL_ERROR_TRUTH,    /* the truth contradicts the corpus */
} BaguEvalError;

typedef struct {
  char *name;            /* the file's name in the corpus directory */
  gunichar *text;
  guint32 n_chars;
  guint32 *content;      /* n_chars + 1: content characters before each offset */
  guint first_sentence;
  guint n_sentences;
  guint first_paragraph;
  guint n_paragraphs;
} BaguEvalDoc;

typedef struct {
  guint32 doc;
  guint32 paragraph;
  guint32 start, end;    /* characters, end exclusive */
  guint32 template_id;   /* 0: not from the pool */
  gboolean is_template;
} BaguEvalSentence;

typedef struct {
  guint32 doc;
  guint32 start, end;
  guint first_sentence;
  guint n_sentences;
  double share;          /* true template share of the content characters */
} BaguEvalParagraph;

/* A passage: spans of two documents, a < b. */
typedef struct {
  guint32 a, b;
  guint32 a_start, a_end;
  guint32 b_start, b_end;
} BaguEvalPassage;

typedef struct {
  GPtrArray *docs;       /* BaguEvalDoc* */
  GHashTable *by_name;   /* name -> index + 1 */
  GArray *sentences;     /* BaguEvalSentence, by document and offset */
  GArray *paragraphs;    /* BaguEvalParagraph */
  guint n_template;
} BaguEvalTruth;

BaguEvalTruth *bagu_eval_truth_new (void);
void bagu_eval_truth_free (BaguEvalTruth *truth);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguEvalTruth, bagu_eval_truth_free)

/* Building a truth by hand (tests): documents, then their sentences in
 * order, then bagu_eval_truth_finish. */
guint bagu_eval_truth_add_document (BaguEvalTruth *truth, const char *name, const char *text);
void bagu_eval_truth_add_sentence (BaguEvalTruth *truth, guint doc, guint32 paragraph,
                                   guint32 start, guint32 end, guint32 template_id,
                                   gboolean is_template);
gboolean bagu_eval_truth_finish (BaguEvalTruth *truth, GError **error);

/**
 * bagu_eval_truth_load:
 * @truth_path: bagu-gen's ground truth
 * @corpus_dir: the directory of the documents it names
 *
 * Returns: (transfer full): the truth, or %NULL with @error set
 */
BaguEvalTruth *bagu_eval_truth_load (const char *truth_path, const char *corpus_dir,
                                     GError **error);

/* The index of a document named by a system: "DIR/000001.txt" finds
 * "000001.txt" (the path as given to bagu does not matter); -1 if unknown. */
gint bagu_eval_truth_find (const BaguEvalTruth *truth, const char *name);

/* The true passage cases, in a sample of document pairs. */
typedef struct {
  GHashTable *pairs;     /* a << 32 | b -> pair index + 1 */
  GArray *pair_list;     /* guint64 a << 32 | b, in order */
  GArray *cases;         /* BaguEvalPassage, grouped by pair in pair_list order */
  GArray *case_first;    /* guint: first case of each pair, n_pairs + 1 entries */
  guint64 n_pairs_total; /* all pairs of documents */
} BaguEvalCases;

/**
 * bagu_eval_cases_new:
 * @max_pairs: the largest sample wanted
 *
 * Samples document pairs (every pair when there are at most @max_pairs,
 * else each with the same probability, decided by a hash of the pair so the
 * sample does not change between runs) and makes their true cases: for
 * each run of template sentences that follow each other in both documents,
 * one case of the two spans.
 */
BaguEvalCases *bagu_eval_cases_new (const BaguEvalTruth *truth, guint max_pairs);
void bagu_eval_cases_free (BaguEvalCases *cases);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguEvalCases, bagu_eval_cases_free)
gboolean bagu_eval_cases_has_pair (const BaguEvalCases *cases, guint32 a, guint32 b);

/* The weight of full evidence in BaguEvalEvidence.cover. */
#define BAGU_EVAL_FULL 255

typedef struct {
  guint8 **cover;          /* per document, per character: the weight of its template
                            * evidence, 0 to BAGU_EVAL_FULL */
  gboolean has_cover;
  GArray *passages;        /* BaguEvalPassage */
  gboolean has_passages;
  double *paragraph_scores;/* per truth paragraph, or NULL: the covered share */
  guint n_unknown;         /* spans or passages naming documents not in the truth */
  guint n_clipped;         /* spans beyond their document's end */
} BaguEvalEvidence;

BaguEvalEvidence *bagu_eval_evidence_new (const BaguEvalTruth *truth);
void bagu_eval_evidence_free (BaguEvalEvidence *evidence);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguEvalEvidence, bagu_eval_evidence_free)

void bagu_eval_evidence_cover (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                               guint doc, guint32 start, guint32 end);
/* Covers a span with evidence of @weight (0 to 1), where it has none
 * heavier. */
void bagu_eval_evidence_cover_weighted (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                                        guint doc, guint32 start, guint32 end, double weight);
/* Adds a passage (either document first) and covers both of its spans. */
void bagu_eval_evidence_add_passage (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                                     guint a, guint32 a_start, guint32 a_end,
                                     guint b, guint32 b_start, guint32 b_end);

/* `bagu phrases --format json`: every occurrence span is evidence. */
gboolean bagu_eval_read_phrases (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                                 const char *path, GError **error);
/* `bagu align`: JSON Lines with a, a_start, a_end, b, b_start, b_end. */
gboolean bagu_eval_read_passages (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                                  const char *path, GError **error);
/* `bagu analyze` XML: paragraph scores, <p start end score> in <document
 * name>, and the evidence inside the paragraphs, <reuse> and <stock>, each
 * counted by its weight attribute (fully without one). */
gboolean bagu_eval_read_xml (BaguEvalEvidence *evidence, const BaguEvalTruth *truth,
                             const char *path, GError **error);

/**
 * bagu_eval_baseline:
 * @n: n-gram length in characters
 * @cases: (nullable): when given, passages are found for its sampled pairs
 *
 * The plain baseline: every character covered by a character n-gram (within
 * a line) that occurs in at least two documents is template evidence.  Its
 * passages are the exact common strings of at least @n characters of a
 * pair, joined across gaps of at most BAGU_EVAL_BASELINE_GAP characters.
 */
#define BAGU_EVAL_BASELINE_GAP 4
BaguEvalEvidence *bagu_eval_baseline (const BaguEvalTruth *truth, guint n,
                                      const BaguEvalCases *cases);

typedef struct {
  double template_min;     /* default 0.7 */
  double specific_max;     /* default 0.3 */
} BaguEvalThresholds;

#define BAGU_EVAL_TEMPLATE_MIN 0.7
#define BAGU_EVAL_SPECIFIC_MAX 0.3

typedef enum {
  BAGU_EVAL_LABEL_SPECIFIC,
  BAGU_EVAL_LABEL_MIXED,
  BAGU_EVAL_LABEL_TEMPLATE,
} BaguEvalLabel;

BaguEvalLabel bagu_eval_label (const BaguEvalThresholds *thresholds, double share);

typedef struct {
  gboolean has_sentences;
  guint tp, fp, fn, tn;
  double precision, recall, f1;

  gboolean has_paragraphs;
  guint n_paragraphs, n_correct;
  double accuracy, mae;

  gboolean has_passages;
  guint n_cases, n_detections, n_detected_cases;
  double passage_precision, passage_recall, granularity, plagdet;
} BaguEvalScores;

void bagu_eval_score (const BaguEvalTruth *truth, const BaguEvalEvidence *evidence,
                      const BaguEvalCases *cases, const BaguEvalThresholds *thresholds,
                      BaguEvalScores *scores);

G_END_DECLS
