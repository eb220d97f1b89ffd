/* bagu-score.c: token weights, paragraph scores, shares between documents. */
#include "config.h"

#include <string.h>

#include "bagu-memory.h"
#include "bagu-parallel.h"
#include "bagu-radix.h"
#include "bagu-score.h"

#define NONE G_MAXUINT32
/* Weights are painted in this many levels, heaviest first. */
#define LEVELS 256

const char *
bagu_label_name (BaguLabel label)
{
  switch (label)
    {
    case BAGU_LABEL_TEMPLATE: return "template";
    case BAGU_LABEL_MIXED: return "mixed";
    case BAGU_LABEL_SPECIFIC:
    default: return "specific";
    }
}

void
bagu_score_options_init (BaguScoreOptions *options)
{
  *options = (BaguScoreOptions) {
    .template_min = BAGU_SCORE_DEFAULT_TEMPLATE_MIN,
    .specific_max = BAGU_SCORE_DEFAULT_SPECIFIC_MAX,
    .term_length = BAGU_SCORE_DEFAULT_TERM_LENGTH,
    .full_length = BAGU_SCORE_DEFAULT_FULL_LENGTH,
  };
}

double
bagu_score_reuse_weight (guint partners)
{
  return partners == 0 ? 0.0 : 1.0 - 0.1 / partners;
}

double
bagu_score_phrase_weight (const BaguScoreOptions *o, guint length, guint df, double boundary)
{
  double by_length;

  if (length < o->term_length || df < 2)
    return 0.0;
  by_length = length >= o->full_length
              ? 1.0 : (double) (length - o->term_length + 1) / (o->full_length - o->term_length + 1);
  /* A phrase that starts and ends inside clauses is a fragment of longer
   * text: half weight. */
  return by_length * bagu_score_reuse_weight (df - 1) * (0.5 + 0.5 * CLAMP (boundary, 0.0, 1.0));
}

BaguLabel
bagu_score_label (const BaguScoreOptions *o, double score)
{
  if (score >= o->template_min)
    return BAGU_LABEL_TEMPLATE;
  if (score < o->specific_max)
    return BAGU_LABEL_SPECIFIC;
  return BAGU_LABEL_MIXED;
}

/* The first member of a run-length "next unpainted" forest at or after x. */
static inline guint32
next_free (guint32 *next, guint32 x)
{
  guint32 root = x;

  while (next[root] != root)
    root = next[root];
  while (next[x] != root)
    {
      guint32 up = next[x];

      next[x] = root;
      x = up;
    }
  return root;
}

/* Rows a painter fetches ahead (see below). */
#define PAINT_AHEAD 32

/* Stock phrases: every suffix array row takes the longest weighing phrase
 * whose occurrences include it, then the occurrences paint their tokens,
 * heaviest first, each token once.  Union-find skips what is painted, so
 * the cost is linear, where listing every occurrence of every nested
 * phrase would be many times the corpus. */
static void
paint_phrases (BaguScores *scores, const BaguPhraseSet *set, const BaguScoreOptions *o)
{
  const guint32 *sa = set->index->sa;
  guint32 n = set->index->n;
  g_autofree guint32 *next = bagu_new (guint32, (gsize) n + 1);
  g_autofree guint32 *best = bagu_new (guint32, n);
  float *phrase_weight = scores->weight_of_phrase = g_new (float, set->phrases->len + 1);
  g_autofree guint32 *order = NULL;
  guint32 count[LEVELS + 1] = { 0 };
  guint32 total = 0;
  g_autoptr(GArray) by_length = g_array_new (FALSE, FALSE, 2 * sizeof (guint32));

  for (guint i = 0; i < set->phrases->len; i++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, i);
      guint32 rec[2] = { i, p->length };

      phrase_weight[i] = bagu_score_phrase_weight (o, p->length, p->df, p->boundary);
      if (phrase_weight[i] > 0)
        g_array_append_val (by_length, rec);
    }
  bagu_radix_sort (by_length->data, by_length->len, 2 * sizeof (guint32),
                   (const gsize[]) { sizeof (guint32) }, 1);

  for (guint32 r = 0; r <= n; r++)
    next[r] = r;
  for (guint32 r = 0; r < n; r++)
    best[r] = NONE;
  for (guint k = by_length->len; k-- > 0;)
    {
      guint32 i = g_array_index (by_length, guint32, 2 * k);
      const BaguPhrase *p = bagu_phrase_set_get (set, i);

      for (guint32 r = next_free (next, p->lb); r <= p->rb; r = next_free (next, r + 1))
        {
          best[r] = i;
          next[r] = r + 1;
        }
    }

  /* Rows by weight level, heaviest first: level LEVELS - w * LEVELS. */
  for (guint32 r = 0; r < n; r++)
    if (best[r] != NONE)
      count[LEVELS - (guint) (phrase_weight[best[r]] * LEVELS)]++;
  for (guint l = 0; l <= LEVELS; l++)
    {
      guint32 c = count[l];

      count[l] = total;
      total += c;
    }
  order = bagu_new (guint32, (gsize) total + 1);
  for (guint32 r = 0; r < n; r++)
    if (best[r] != NONE)
      order[count[LEVELS - (guint) (phrase_weight[best[r]] * LEVELS)]++] = r;

  for (guint32 t = 0; t <= n; t++)
    next[t] = t;
  for (guint32 k = 0; k < total; k++)
    {
      guint32 r = order[k];
      const BaguPhrase *p = bagu_phrase_set_get (set, best[r]);
      guint32 end = sa[r] + p->length;

      /* The rows are in no order of the text: the suffix array entry of
       * the row PAINT_AHEAD on is fetched, and then, half the way later,
       * the tokens it points at. */
      if (k + PAINT_AHEAD < total)
        __builtin_prefetch (&sa[order[k + PAINT_AHEAD]]);
      if (k + PAINT_AHEAD / 2 < total)
        {
          guint32 t = sa[order[k + PAINT_AHEAD / 2]];

          __builtin_prefetch (&next[t], 1);
          __builtin_prefetch (&scores->weight[t], 1);
          __builtin_prefetch (&scores->evidence[t], 1);
          __builtin_prefetch (&scores->stock_phrase[t], 1);
        }

      for (guint32 t = next_free (next, sa[r]); t < end; t = next_free (next, t + 1))
        {
          scores->weight[t] = phrase_weight[best[r]];
          scores->evidence[t] |= BAGU_EVIDENCE_STOCK;
          scores->stock_phrase[t] = best[r];
          next[t] = t + 1;
        }
    }
}

/* Keeps the largest shares of each document. */
static void
offer_source (BaguScores *scores, guint32 doc, guint32 other, double share)
{
  guint32 *src = scores->top_source + (gsize) doc * BAGU_SCORE_TOP_SOURCES;
  double *sh = scores->top_share + (gsize) doc * BAGU_SCORE_TOP_SOURCES;
  guint at = BAGU_SCORE_TOP_SOURCES;

  /* Ties keep the earlier document: pairs come in document order. */
  while (at > 0 && (src[at - 1] == NONE || sh[at - 1] < share))
    at--;
  if (at >= BAGU_SCORE_TOP_SOURCES)
    return;
  for (guint k = BAGU_SCORE_TOP_SOURCES - 1; k > at; k--)
    src[k] = src[k - 1], sh[k] = sh[k - 1];
  src[at] = other;
  sh[at] = share;
}

BaguScores *
bagu_score_phrases (const BaguCorpus *corpus, const BaguPhraseSet *phrases,
                    const BaguScoreOptions *options)
{
  BaguScores *scores = g_new0 (BaguScores, 1);
  guint n_docs = corpus->documents->len;
  guint n_paras = corpus->paragraphs->len;
  gsize n = corpus->n_tokens;

  scores->weight = bagu_new0 (float, n + 1);
  scores->evidence = bagu_new0 (guint8, n + 1);
  scores->stock_phrase = bagu_new (guint32, n + 1);
  memset (scores->stock_phrase, 0xff, (n + 1) * sizeof (guint32));
  scores->paragraph_score = g_new0 (double, n_paras + 1);
  scores->paragraph_label = g_new0 (guint8, n_paras + 1);
  scores->document_ratio = g_new0 (double, n_docs + 1);
  scores->document_tokens = g_new0 (guint32, n_docs + 1);
  scores->top_source = g_new (guint32, (gsize) n_docs * BAGU_SCORE_TOP_SOURCES + 1);
  scores->top_share = g_new0 (double, (gsize) n_docs * BAGU_SCORE_TOP_SOURCES + 1);
  for (gsize k = 0; k < (gsize) n_docs * BAGU_SCORE_TOP_SOURCES; k++)
    scores->top_source[k] = NONE;
  if (phrases != NULL && n > 0)
    paint_phrases (scores, phrases, options);
  return scores;
}

/* The passes over the tokens, in parts of whole documents on the threads:
 * reuse passages painted (how many cover each token, by a difference
 * array over the token stream: a passage lies inside its document, so at
 * the start of each part none is open), then the scores of the paragraphs
 * and documents, each summed in the order of its tokens as by one
 * thread. */
typedef struct {
  BaguScores *scores;
  const BaguCorpus *corpus;
  const BaguScoreOptions *options;
  const guint32 *starts;     /* the documents' first tokens */
  const gint32 *diff;        /* passages starting less ending per token, or NULL */
  const gsize *bounds;       /* the documents of the parts */
} FinishJob;

static void
finish_part (guint k, gpointer data)
{
  FinishJob *job = data;
  BaguScores *scores = job->scores;
  const BaguCorpus *corpus = job->corpus;
  const guint32 *tokens = corpus->tokens;

  if (job->diff != NULL)
    {
      gint32 partners = 0;

      for (guint32 t = job->starts[job->bounds[k]]; t < job->starts[job->bounds[k + 1]]; t++)
        {
          partners += job->diff[t];
          if (partners > 0 && tokens[t] != BAGU_TOKEN_SEP)
            {
              scores->weight[t] = MAX (scores->weight[t], bagu_score_reuse_weight (partners));
              scores->evidence[t] |= BAGU_EVIDENCE_REUSE;
            }
        }
    }
  for (gsize d = job->bounds[k]; d < job->bounds[k + 1]; d++)
    {
      const BaguDocument *doc = bagu_corpus_document (corpus, d);
      guint32 n_text = 0;
      double doc_sum = 0;

      for (guint i = doc->first_paragraph; i < doc->first_paragraph + doc->n_paragraphs; i++)
        {
          const BaguParagraph *para = bagu_corpus_paragraph (corpus, i);
          double sum = 0;
          guint32 count = 0;

          for (guint32 t = para->first_token; t < para->first_token + para->n_tokens; t++)
            if (tokens[t] != BAGU_TOKEN_SEP)
              {
                sum += scores->weight[t];
                count++;
              }
          scores->paragraph_score[i] = count > 0 ? sum / count : 0.0;
          scores->paragraph_label[i] = bagu_score_label (job->options,
                                                         scores->paragraph_score[i]);
        }
      for (guint32 t = job->starts[d]; t < job->starts[d + 1]; t++)
        {
          n_text += tokens[t] != BAGU_TOKEN_SEP;
          doc_sum += scores->weight[t];
        }
      scores->document_tokens[d] = n_text;
      scores->document_ratio[d] = n_text > 0 ? doc_sum / n_text : 0.0;
    }
}

void
bagu_score_finish (BaguScores *scores, const BaguCorpus *corpus,
                   const BaguAlignment *alignment, const BaguScoreOptions *options)
{
  guint n_docs = corpus->documents->len;
  gsize n = corpus->n_tokens;
  guint n_parts = MIN (MAX (n_docs, 1), 4 * bagu_parallel_threads ());
  g_autofree guint32 *starts = bagu_corpus_document_starts (corpus);
  g_autofree guint64 *weights = g_new (guint64, n_docs + 1);
  g_autofree gsize *bounds = g_new (gsize, n_parts + 1);
  g_autofree gint32 *diff = NULL;
  FinishJob job = { scores, corpus, options, starts, NULL, bounds };

  for (guint d = 0; d < n_docs; d++)
    weights[d] = starts[d + 1] - starts[d] + 1;
  bagu_parallel_split (weights, n_docs, n_parts, bounds);
  if (alignment != NULL)
    {
      job.diff = diff = bagu_new0 (gint32, n + 1);
      for (guint i = 0; i < alignment->passages->len; i++)
        {
          const BaguPassage *p = bagu_alignment_passage (alignment, i);

          diff[p->a_pos]++, diff[p->a_pos + p->a_len]--;
          diff[p->b_pos]++, diff[p->b_pos + p->b_len]--;
        }
    }
  bagu_parallel_run (n_parts, finish_part, &job);

  if (alignment != NULL)
    for (guint i = 0; i < alignment->shares->len; i++)
      {
        const BaguShare *sh = &g_array_index (alignment->shares, BaguShare, i);

        offer_source (scores, sh->a, sh->b, sh->share_a);
        offer_source (scores, sh->b, sh->a, sh->share_b);
      }
}

BaguScores *
bagu_score (const BaguCorpus *corpus, const BaguPhraseSet *phrases,
            const BaguAlignment *alignment, const BaguScoreOptions *options)
{
  BaguScores *scores = bagu_score_phrases (corpus, phrases, options);

  bagu_score_finish (scores, corpus, alignment, options);
  return scores;
}

void
bagu_scores_free (BaguScores *scores)
{
  if (scores == NULL)
    return;
  g_free (scores->weight);
  g_free (scores->evidence);
  g_free (scores->stock_phrase);
  g_free (scores->weight_of_phrase);
  g_free (scores->paragraph_score);
  g_free (scores->paragraph_label);
  g_free (scores->document_ratio);
  g_free (scores->document_tokens);
  g_free (scores->top_source);
  g_free (scores->top_share);
  g_free (scores);
}
