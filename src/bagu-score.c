/* bagu-score.c: token weights, paragraph scores, shares between documents. */
#include "config.h"

#include <string.h>

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
/* Parts of the painting at most: the counts of its rows are a table of
 * parts × parts × levels. */
#define PAINT_MAX_PARTS 32

/* Stock phrases: every suffix array row takes the longest weighing phrase
 * whose occurrences include it, then the occurrences paint their tokens,
 * heaviest first, each token once.  Union-find skips what is painted, so
 * the cost is linear, where listing every occurrence of every nested
 * phrase would be many times the corpus.
 *
 * Both paintings run in parts on the threads, each part with a forest of
 * its own that ends in a root no painting reaches.  A phrase's rows lie
 * between two rows of LCP 0, so the rows are cut there; an occurrence lies
 * inside one paragraph, so the tokens are cut between documents.  Each
 * part paints in the order one painter would, and so the same: a token
 * takes the first row to reach it, and all the rows that reach it start in
 * its part. */
typedef struct {
  BaguScores *scores;
  const BaguPhraseSet *set;
  guint n_parts;
  const guint32 *row_bounds;     /* rows of each part: n_parts + 1 */
  const guint32 *token_bounds;   /* tokens of each part, whole documents */
  const guint32 *phrases;        /* weighing phrases, longest first, by part of rows */
  const guint32 *phrase_bounds;  /* n_parts + 1 */
  guint32 *next;                 /* the forests: n + n_parts entries */
  guint32 *best;                 /* per row: its phrase, or NONE */
  guint32 *counts;               /* per part of rows: rows by part of tokens and level */
  guint32 *order;                /* the painted rows, by part of tokens, level and row */
  guint32 *order_bounds;         /* n_parts + 1 */
} PaintJob;

/* The part that @x is in: the last whose first is at or before it, as
 * for the document of a token. */
static inline guint
part_of (const guint32 *bounds, guint n_parts, guint32 x)
{
  return bagu_document_of_token (bounds, n_parts, x);
}

static inline guint
level_of (const PaintJob *job, guint32 row)
{
  return LEVELS - (guint) (job->scores->weight_of_phrase[job->best[row]] * LEVELS);
}

#define ROWS_AHEAD 16

/* Each row of part @k takes the longest phrase that includes it. */
static void
paint_rows (guint k, gpointer data)
{
  PaintJob *job = data;
  guint32 lo = job->row_bounds[k], hi = job->row_bounds[k + 1];
  guint32 *next = job->next + lo + k;   /* next[hi - lo] is the root past the part */
  guint32 *counts = job->counts + (gsize) k * job->n_parts * (LEVELS + 1);
  const guint32 *sa = job->set->index->sa;

  for (guint32 r = 0; r <= hi - lo; r++)
    next[r] = r;
  for (guint32 r = lo; r < hi; r++)
    job->best[r] = NONE;
  for (guint32 q = job->phrase_bounds[k]; q < job->phrase_bounds[k + 1]; q++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (job->set, job->phrases[q]);

      /* The phrases are in no order of their rows: the record of the one
       * ROWS_AHEAD on is fetched, and half the way later its first row's
       * place in the forest. */
      if (q + ROWS_AHEAD < job->phrase_bounds[k + 1])
        __builtin_prefetch (&bagu_phrase_set_get (job->set, job->phrases[q + ROWS_AHEAD])->lb);
      if (q + ROWS_AHEAD / 2 < job->phrase_bounds[k + 1])
        __builtin_prefetch (
          &next[bagu_phrase_set_get (job->set, job->phrases[q + ROWS_AHEAD / 2])->lb - lo], 1);

      for (guint32 r = next_free (next, p->lb - lo); r <= p->rb - lo; r = next_free (next, r + 1))
        {
          job->best[lo + r] = job->phrases[q];
          next[r] = r + 1;
        }
    }
  /* The rows it paints, by part of tokens and level. */
  memset (counts, 0, job->n_parts * (LEVELS + 1) * sizeof (guint32));
  for (guint32 r = lo; r < hi; r++)
    if (job->best[r] != NONE)
      counts[part_of (job->token_bounds, job->n_parts, sa[r]) * (LEVELS + 1)
             + level_of (job, r)]++;
}

/* The rows of part @k to their places in the order: counts[] holds their
 * first places now. */
static void
order_rows (guint k, gpointer data)
{
  PaintJob *job = data;
  guint32 *counts = job->counts + (gsize) k * job->n_parts * (LEVELS + 1);
  const guint32 *sa = job->set->index->sa;

  for (guint32 r = job->row_bounds[k]; r < job->row_bounds[k + 1]; r++)
    if (job->best[r] != NONE)
      job->order[counts[part_of (job->token_bounds, job->n_parts, sa[r]) * (LEVELS + 1)
                        + level_of (job, r)]++] = r;
}

/* The tokens of part @k: cleared, then painted.  Most rows paint nothing
 * (rows taken before them, of as heavy a level or heavier, have painted
 * their span already), so what a row fetches ahead is staged: its place
 * in the forest first, and only where that is unpainted still, the entry
 * of stock_phrase it would write.  The painting writes that entry alone;
 * the weights and evidence follow from it in one pass in the order of the
 * tokens. */
static void
paint_tokens (guint k, gpointer data)
{
  PaintJob *job = data;
  BaguScores *scores = job->scores;
  guint32 lo = job->token_bounds[k], hi = job->token_bounds[k + 1];
  guint32 *next = job->next + lo + k;
  const guint32 *sa = job->set->index->sa;
  const guint32 *order = job->order;
  const float *phrase_weight = scores->weight_of_phrase;
  guint32 *stock = scores->stock_phrase;
  guint32 first = job->order_bounds[k], last = job->order_bounds[k + 1];

  memset (stock + lo, 0xff, (hi - lo) * sizeof (guint32));
  for (guint32 t = 0; t <= hi - lo; t++)
    next[t] = t;
  for (guint32 k2 = first; k2 < last; k2++)
    {
      guint32 r = order[k2];
      guint32 i = job->best[r];
      const BaguPhrase *p = bagu_phrase_set_get (job->set, i);
      guint32 end = sa[r] - lo + p->length;

      /* The rows are in no order of the text: the suffix array entry of
       * the row PAINT_AHEAD on is fetched with its phrase's number; half
       * the way later, the record of its phrase (one of tens of
       * thousands) and its token's place in the forest; a quarter of the
       * way, if that token is not painted yet, its entry of
       * stock_phrase. */
      if (k2 + PAINT_AHEAD < last)
        {
          __builtin_prefetch (&sa[order[k2 + PAINT_AHEAD]]);
          __builtin_prefetch (&job->best[order[k2 + PAINT_AHEAD]]);
        }
      if (k2 + PAINT_AHEAD / 2 < last)
        {
          guint32 t = sa[order[k2 + PAINT_AHEAD / 2]];

          __builtin_prefetch (&bagu_phrase_set_get (job->set,
                                                    job->best[order[k2 + PAINT_AHEAD / 2]])->length);
          __builtin_prefetch (&next[t - lo], 1);
        }
      if (k2 + PAINT_AHEAD / 4 < last)
        {
          guint32 t = sa[order[k2 + PAINT_AHEAD / 4]] - lo;

          if (next[t] == t)
            __builtin_prefetch (&stock[lo + t], 1);
        }

      for (guint32 t = next_free (next, sa[r] - lo); t < end; t = next_free (next, t + 1))
        {
          stock[lo + t] = i;
          next[t] = t + 1;
        }
    }
  for (guint32 t = lo; t < hi; t++)
    {
      gboolean painted = stock[t] != NONE;

      scores->weight[t] = painted ? phrase_weight[stock[t]] : 0;
      scores->evidence[t] = painted ? BAGU_EVIDENCE_STOCK : 0;
    }
}

/* Paints the tokens from the phrases; the scores' token arrays are
 * cleared here, part by part. */
static void
paint_phrases (BaguScores *scores, const BaguPhraseSet *set, const BaguScoreOptions *o)
{
  const BaguIndex *index = set->index;
  guint32 n = index->n;                /* rows */
  guint32 n_tokens = index->n_tokens;  /* as many or more */
  guint32 n_docs = set->corpus->documents->len;
  guint n_parts = n_tokens < 1024 ? 1 : MIN (4 * bagu_parallel_threads (), PAINT_MAX_PARTS);
  /* Forests of the rows of a part, then of its tokens. */
  g_autofree guint32 *next = g_new (guint32, (gsize) n_tokens + n_parts);
  g_autofree guint32 *best = g_new (guint32, MAX (n, 1));
  g_autofree guint32 *counts = g_new (guint32, (gsize) n_parts * n_parts * (LEVELS + 1));
  g_autofree guint32 *row_bounds = g_new (guint32, n_parts + 1);
  g_autofree guint32 *token_bounds = g_new (guint32, n_parts + 1);
  g_autofree guint32 *phrase_bounds = g_new0 (guint32, n_parts + 1);
  g_autofree guint32 *order_bounds = g_new (guint32, n_parts + 1);
  g_autofree guint32 *phrases = NULL;
  g_autofree guint32 *order = NULL;
  g_autoptr(GArray) by_length = g_array_new (FALSE, FALSE, 2 * sizeof (guint32));
  float *phrase_weight = scores->weight_of_phrase = g_new (float, set->phrases->len + 1);
  PaintJob job = { scores, set, n_parts, row_bounds, token_bounds, NULL, phrase_bounds,
                   next, best, counts, NULL, order_bounds };
  guint32 total = 0;

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

  /* The rows cut where the LCP is 0, the tokens between documents, each
   * into parts of about as many. */
  row_bounds[0] = token_bounds[0] = 0;
  for (guint k = 1, d = 0; k < n_parts; k++)
    {
      guint32 r = MAX ((guint32) ((guint64) n * k / n_parts), row_bounds[k - 1]);
      guint32 t = (guint32) ((guint64) n_tokens * k / n_parts);

      while (r < n && index->lcp[r] != 0)
        r++;
      row_bounds[k] = r;
      while (d < n_docs && set->doc_starts[d] < t)
        d++;
      token_bounds[k] = MAX (set->doc_starts[d], token_bounds[k - 1]);
    }
  row_bounds[n_parts] = n;
  token_bounds[n_parts] = n_tokens;

  /* The weighing phrases, longest first, by the part of their rows. */
  phrases = g_new (guint32, by_length->len + 1);
  for (guint q = 0; q < by_length->len; q++)
    {
      const BaguPhrase *p = bagu_phrase_set_get (set, g_array_index (by_length, guint32, 2 * q));

      phrase_bounds[part_of (row_bounds, n_parts, p->lb) + 1]++;
    }
  for (guint k = 0; k < n_parts; k++)
    phrase_bounds[k + 1] += phrase_bounds[k];
  {
    g_autofree guint32 *at = g_memdup2 (phrase_bounds, n_parts * sizeof (guint32));

    for (guint q = by_length->len; q-- > 0;)
      {
        guint32 i = g_array_index (by_length, guint32, 2 * q);

        phrases[at[part_of (row_bounds, n_parts, bagu_phrase_set_get (set, i)->lb)]++] = i;
      }
  }
  job.phrases = phrases;
  bagu_parallel_run (n_parts, paint_rows, &job);

  /* The places of the rows: by part of tokens, then level, then part of
   * rows, so each part of tokens has its rows heaviest first and in row
   * order within a level, as one painter takes them. */
  for (guint t = 0; t < n_parts; t++)
    {
      order_bounds[t] = total;
      for (guint l = 0; l <= LEVELS; l++)
        for (guint k = 0; k < n_parts; k++)
          {
            guint32 *c = &counts[((gsize) k * n_parts + t) * (LEVELS + 1) + l];
            guint32 rows = *c;

            *c = total;
            total += rows;
          }
    }
  order_bounds[n_parts] = total;
  job.order = order = g_new (guint32, (gsize) total + 1);
  bagu_parallel_run (n_parts, order_rows, &job);
  bagu_parallel_run (n_parts, paint_tokens, &job);
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

  /* Cleared by the painting where there is one, which does it in parts
   * on the threads. */
  scores->weight = g_new (float, n + 1);
  scores->evidence = g_new (guint8, n + 1);
  scores->stock_phrase = g_new (guint32, n + 1);
  scores->weight[n] = 0;
  scores->evidence[n] = 0;
  scores->stock_phrase[n] = NONE;
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
  else
    {
      memset (scores->weight, 0, n * sizeof (float));
      memset (scores->evidence, 0, n);
      memset (scores->stock_phrase, 0xff, n * sizeof (guint32));
    }
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
      job.diff = diff = g_new0 (gint32, n + 1);
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
