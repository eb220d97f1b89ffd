/* bagu-align.c: chaining seeds into passages, and near-duplicates. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "bagu-align.h"
#include "bagu-memory.h"
#include "bagu-parallel.h"

/* How far past its last seed a passage may be extended, in max_gap units,
 * and how far below its best the extension may fall before it stops. */
#define EXTEND_GAPS 4
#define XDROP_COLUMNS 6

void
bagu_align_options_init (BaguAlignOptions *options)
{
  *options = (BaguAlignOptions) {
    .seed_length = BAGU_ALIGN_DEFAULT_SEED_LENGTH,
    .seed_docs = BAGU_ALIGN_DEFAULT_SEED_DOCS,
    .min_length = BAGU_ALIGN_DEFAULT_MIN_LENGTH,
    .max_gap = BAGU_ALIGN_DEFAULT_MAX_GAP,
    .band = BAGU_ALIGN_DEFAULT_BAND,
    .min_identity = BAGU_ALIGN_DEFAULT_MIN_IDENTITY,
    .near_duplicate = BAGU_ALIGN_DEFAULT_NEAR_DUPLICATE,
    .costs = BAGU_ALIGN_COSTS_DEFAULT,
    .filter = NULL,
    .seed_runs = NULL,
  };
}

/* An exact match between the two documents of a pair: a[pa … pa_end) is
 * b[pa + diag … pa_end + diag). */
typedef struct {
  guint32 pa, pa_end;
  gint64 diag;
  guint next;           /* the next segment of its chain, or NO_SEGMENT */
} Segment;

#define NO_SEGMENT G_MAXUINT

/* A chain of segments being built: where its last one ends. */
typedef struct {
  guint head, tail;
  guint32 ea;
  gint64 eb;
  gint64 diag;
} Chain;

typedef struct {
  const BaguCorpus *corpus;
  const guint32 *doc_starts;
  const BaguAlignOptions *options;
  guint32 *doc_tokens;      /* per document, its tokens other than separators */
  const guint8 *boundary;   /* per token, the boundary before it (BAGU_BOUNDARY_*) */
  GArray *segments;         /* Segment, of the current pair */
  GArray *chains;           /* Chain, open */
  GArray *pair_passages;    /* BaguPassage, of the current pair */
  GArray *passages;         /* BaguPassage, all */
  GArray *shares;           /* BaguShare */
  GArray *duplicates;       /* BaguDuplicate */
  GArray *ranges_a, *ranges_b;   /* guint32 pairs, scratch of finish_pair */
} Aligner;

/* A stable sort for the few records of one pair: most pairs have one or
 * two segments and passages, and qsort's setup cost more than the sort.
 * Insertion up to SMALL_SORT records, which keeps the order qsort (a
 * merge sort for arrays this small) leaves equal ones in; more go to
 * qsort. */
#define SMALL_SORT 16
#define SMALL_RECORD 64

static inline __attribute__ ((always_inline)) void
sort_small (void *base, gsize n, gsize size, int (*compare) (const void *, const void *))
{
  guint8 *b = base;
  /* Aligned for any record, which the comparison reads as its type. */
  union { guint8 bytes[SMALL_RECORD]; gint64 i; double d; gpointer p; } held;
  guint8 *t = held.bytes;

  if (n > SMALL_SORT || size > sizeof held.bytes)
    {
      qsort (base, n, size, compare);
      return;
    }
  for (gsize i = 1; i < n; i++)
    {
      gsize j = i;

      if (compare (b + (i - 1) * size, b + i * size) <= 0)
        continue;
      memcpy (t, b + i * size, size);
      while (j > 0 && compare (b + (j - 1) * size, t) > 0)
        {
          memcpy (b + j * size, b + (j - 1) * size, size);
          j--;
        }
      memcpy (b + j * size, t, size);
    }
}

static int
compare_segments (const void *x, const void *y)
{
  const Segment *s = x, *t = y;

  if (s->pa != t->pa)
    return s->pa < t->pa ? -1 : 1;
  return s->diag < t->diag ? -1 : s->diag > t->diag;
}

/* How far a segment must be shortened at its start so that it begins after
 * the chain's end on both sides. */
static inline guint32
overlap_shift (const Chain *c, const Segment *s)
{
  gint64 shift = 0;

  if ((gint64) c->ea > s->pa)
    shift = (gint64) c->ea - s->pa;
  if (c->eb > (gint64) s->pa + s->diag)
    shift = MAX (shift, c->eb - ((gint64) s->pa + s->diag));
  return (guint32) MIN (shift, (gint64) G_MAXUINT32);
}

/* Whether tokens s … e make up most of the sentences they lie in (from the
 * sentence boundary at or before s to the one at or after e): three
 * quarters of them.  The sentences are walked only as far as that share
 * allows, a few tokens, not to their ends: most short chains lie inside a
 * longer sentence. */
static gboolean
mostly_sentences (const Aligner *al, guint32 s, guint32 e)
{
  guint64 room = (4 * (guint64) (e - s)) / 3 - (e - s);
  guint64 used = 0;

  for (guint32 cs = s; !(al->boundary[cs] & BAGU_BOUNDARY_SENTENCE); cs--)
    if (++used > room)
      return FALSE;
  for (guint32 ce = e; !(al->boundary[ce] & BAGU_BOUNDARY_SENTENCE); ce++)
    if (++used > room)
      return FALSE;
  return TRUE;
}

/* Turns the segments of a chain from @head up to @stop (NO_SEGMENT: all)
 * into a passage of the pair a, b, if it is long and similar enough.  A
 * chain too unlike to be kept is split where its edits cost most, and each
 * side tried on its own: a chance match near a copy (a common term a few
 * tokens before it, on a nearby diagonal) is chained to it as readily as
 * a part of it, and must not take the copy down with it. */
static void
finish_chain (Aligner *al, guint32 a, guint32 b, guint head, guint stop)
{
  const BaguAlignOptions *o = al->options;
  const guint32 *t = al->corpus->tokens;
  Segment *segs = (Segment *) al->segments->data;
  const Segment *first = &segs[head];
  guint32 pa = first->pa;
  gint64 pb = (gint64) first->pa + first->diag;
  guint32 ea = first->pa_end;
  gint64 eb = (gint64) first->pa_end + first->diag;
  guint32 len = first->pa_end - first->pa;
  BaguAlignStats st = { len * o->costs.match, len, len };
  guint32 ext_max = EXTEND_GAPS * MAX (o->max_gap, 1);
  gint xdrop = XDROP_COLUMNS * MAX (-o->costs.mismatch, -o->costs.gap);
  guint32 la, lb;
  BaguAlignStats ext;
  BaguPassage p = { a, b };
  guint worst = NO_SEGMENT;     /* the segment after the costliest bridge */
  gint worst_score = 0;

  for (guint k = first->next; k != stop; k = segs[k].next)
    {
      const Segment *s = &segs[k];
      guint32 shift = overlap_shift (&(Chain) { 0, 0, ea, eb, 0 }, s);
      guint32 sa = s->pa + shift;
      gint64 sb = (gint64) sa + s->diag;
      BaguAlignStats bridge;

      if (sa >= s->pa_end)
        continue;
      bridge = bagu_banded_global (t + ea, sa - ea, t + eb, sb - eb, o->band, &o->costs);
      if (bridge.score < worst_score)
        {
          worst_score = bridge.score;
          worst = k;
        }
      len = s->pa_end - sa;
      st.score += bridge.score + len * o->costs.match;
      st.matches += bridge.matches + len;
      st.columns += bridge.columns + len;
      ea = s->pa_end;
      eb = (gint64) s->pa_end + s->diag;
    }

  /* Past the ends: the edits near a passage's ends leave runs too short to
   * be seeds. */
  ext = bagu_banded_extend (t + ea, MIN (al->doc_starts[a + 1] - ea, ext_max),
                            t + eb, MIN (al->doc_starts[b + 1] - eb, ext_max),
                            1, o->band, xdrop, &o->costs, &la, &lb);
  st.score += ext.score, st.matches += ext.matches, st.columns += ext.columns;
  ea += la, eb += lb;
  /* A passage kept reads the characters of its ends, at b's far from
   * what was read last: fetched while the start is extended, for a chain
   * that is more than a lone seed by now (most lone seeds stay alone). */
  if (st.columns > o->seed_length)
    {
      __builtin_prefetch (&al->corpus->tok_end[eb - 1]);
      __builtin_prefetch (&al->corpus->tok_start[pb]);
    }
  ext = bagu_banded_extend (t + pa, MIN (pa - al->doc_starts[a], ext_max),
                            t + pb, MIN (pb - al->doc_starts[b], ext_max),
                            -1, o->band, xdrop, &o->costs, &la, &lb);
  st.score += ext.score, st.matches += ext.matches, st.columns += ext.columns;
  pa -= la, pb -= lb;

  /* Separators at the ends are paragraph edges, not text. */
  while (pa < ea && t[pa] == BAGU_TOKEN_SEP)
    pa++;
  while (ea > pa && t[ea - 1] == BAGU_TOKEN_SEP)
    ea--;
  while (pb < eb && t[pb] == BAGU_TOKEN_SEP)
    pb++;
  while (eb > pb && t[eb - 1] == BAGU_TOKEN_SEP)
    eb--;
  if (ea == pa || eb == pb)
    return;
  /* A passage shorter than min_length is kept when it is most of the
   * sentences it lies in, on both sides: short stock headings (一是加强
   * 理论武装。) are copies too, where a short run inside a longer sentence
   * is as likely a common term or a clause that happens to recur. */
  if (st.columns < o->min_length
      && !(st.columns >= MIN (o->seed_length, o->min_length)
           && mostly_sentences (al, pa, ea) && mostly_sentences (al, pb, eb)))
    return;
  if ((double) st.matches < o->min_identity * st.columns)
    {
      if (worst != NO_SEGMENT)
        {
          finish_chain (al, a, b, head, worst);
          finish_chain (al, a, b, worst, stop);
        }
      return;
    }

  p.a_pos = pa, p.a_len = ea - pa;
  p.b_pos = pb, p.b_len = eb - pb;
  p.a_start = al->corpus->tok_start[pa];
  p.a_end = al->corpus->tok_end[ea - 1];
  p.b_start = al->corpus->tok_start[pb];
  p.b_end = al->corpus->tok_end[eb - 1];
  p.tokens = st.columns;
  p.matches = st.matches;
  p.score = st.score;
  g_array_append_val (al->pair_passages, p);
}

static int
compare_by_score (const void *x, const void *y)
{
  const BaguPassage *p = x, *q = y;

  if (p->score != q->score)
    return p->score > q->score ? -1 : 1;
  if (p->a_pos != q->a_pos)
    return p->a_pos < q->a_pos ? -1 : 1;
  return p->b_pos < q->b_pos ? -1 : p->b_pos > q->b_pos;
}

static inline guint32
overlap (guint32 s1, guint32 l1, guint32 s2, guint32 l2)
{
  guint32 lo = MAX (s1, s2), hi = MIN (s1 + l1, s2 + l2);

  return hi > lo ? hi - lo : 0;
}

/* The tokens of t[0 … n) that are not separators: four at a time, where
 * a test a token is not made vector code at -O2. */
static guint32
count_words (const guint32 *t, guint32 n)
{
  guint32 seps = 0, i = 0;

#ifdef __SSE2__
  /* The bits of a four-bit mask: a lookup, where bagu_popcount64 without
   * the popcnt instruction takes a dozen. */
  static const guint8 bits[16] = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };
  const __m128i sep = _mm_set1_epi32 ((gint) BAGU_TOKEN_SEP);

  for (; i + 4 <= n; i += 4)
    seps += bits[_mm_movemask_ps (_mm_castsi128_ps (
                   _mm_cmpeq_epi32 (_mm_loadu_si128 ((const __m128i *) (t + i)), sep)))];
#endif
  for (; i < n; i++)
    seps += t[i] == BAGU_TOKEN_SEP;
  return n - seps;
}

/* The non-separator tokens of the union of the @n ranges [pos, pos + len),
 * sorted by pos, at @ranges two numbers a range. */
static guint32
covered_tokens (const guint32 *tokens, const guint32 *ranges, guint n)
{
  guint32 covered = 0, done = 0;

  for (guint i = 0; i < 2 * n; i += 2)
    {
      guint32 s = MAX (ranges[i], done);
      guint32 e = ranges[i] + ranges[i + 1];

      if (e > s)
        covered += count_words (tokens + s, e - s);
      done = MAX (done, e);
    }
  return covered;
}

static int
compare_range (const void *x, const void *y)
{
  guint32 s = *(const guint32 *) x, t = *(const guint32 *) y;

  return s < t ? -1 : s > t;
}

/* Room for @n elements of scratch array @array: grown, never shrunk, so
 * that a pair costs no call of the array's own. */
static inline gpointer
room (GArray *array, guint n)
{
  if (n > array->len)
    g_array_set_size (array, n);
  return array->data;
}

/* Keeps the best of passages that cover the same text on one side: a
 * phrase that a document repeats pairs with each copy in the other, but
 * only one of these pairings is the copy. */
static void
finish_pair (Aligner *al, guint32 a, guint32 b)
{
  GArray *pp = al->pair_passages;
  guint32 *ranges_a, *ranges_b;
  guint kept = 0;
  BaguShare share = { a, b };

  if (pp->len == 0)
    return;
  sort_small (pp->data, pp->len, sizeof (BaguPassage), compare_by_score);
  for (guint i = 0; i < pp->len; i++)
    {
      BaguPassage p = g_array_index (pp, BaguPassage, i);
      gboolean redundant = FALSE;

      for (guint j = 0; j < kept && !redundant; j++)
        {
          const BaguPassage *q = &g_array_index (pp, BaguPassage, j);

          redundant = 2 * overlap (p.a_pos, p.a_len, q->a_pos, q->a_len) > p.a_len
                      || 2 * overlap (p.b_pos, p.b_len, q->b_pos, q->b_len) > p.b_len;
        }
      if (!redundant)
        g_array_index (pp, BaguPassage, kept++) = p;
    }
  ranges_a = room (al->ranges_a, 2 * kept);
  ranges_b = room (al->ranges_b, 2 * kept);
  for (guint i = 0; i < kept; i++)
    {
      const BaguPassage *p = &g_array_index (pp, BaguPassage, i);

      ranges_a[2 * i] = p->a_pos, ranges_a[2 * i + 1] = p->a_len;
      ranges_b[2 * i] = p->b_pos, ranges_b[2 * i + 1] = p->b_len;
    }
  sort_small (ranges_a, kept, 2 * sizeof (guint32), compare_range);
  sort_small (ranges_b, kept, 2 * sizeof (guint32), compare_range);
  share.tokens_a = covered_tokens (al->corpus->tokens, ranges_a, kept);
  share.tokens_b = covered_tokens (al->corpus->tokens, ranges_b, kept);
  share.share_a = al->doc_tokens[a] > 0 ? (double) share.tokens_a / al->doc_tokens[a] : 0;
  share.share_b = al->doc_tokens[b] > 0 ? (double) share.tokens_b / al->doc_tokens[b] : 0;
  g_array_append_val (al->shares, share);
  if (share.share_a >= al->options->near_duplicate && share.share_b >= al->options->near_duplicate)
    {
      BaguDuplicate d = { a, b, share.share_a, share.share_b, 0 };

      g_array_append_val (al->duplicates, d);
    }
  g_array_append_vals (al->passages, pp->data, kept);
  g_array_set_size (pp, 0);
}

/* Chains the seeds seeds[lo … hi) of one pair of documents. */
static void
align_pair (Aligner *al, const BaguSeed *seeds, guint lo, guint hi)
{
  const BaguAlignOptions *o = al->options;
  guint32 a = seeds[lo].a, b = seeds[lo].b;
  guint32 k = MAX (o->seed_length, 1);
  Segment *segs;
  Chain *chains;
  guint n_segs = 0, n_chains = 0;

  /* Seeds on one diagonal whose runs touch or overlap make one exact
   * match.  There are millions of pairs: the segments and the chains are
   * written in place, in room for one a seed. */
  segs = room (al->segments, hi - lo);
  for (guint i = lo; i < hi; i++)
    {
      gint64 diag = (gint64) seeds[i].pb - seeds[i].pa;
      Segment *last = n_segs > 0 ? &segs[n_segs - 1] : NULL;

      if (last != NULL && last->diag == diag && seeds[i].pa <= last->pa_end)
        last->pa_end = MAX (last->pa_end, seeds[i].pa + k);
      else
        segs[n_segs++] = (Segment) { seeds[i].pa, seeds[i].pa + k, diag, NO_SEGMENT };
    }
  sort_small (segs, n_segs, sizeof (Segment), compare_segments);
  /* The text of b is far from what was read last; each chain reads it
   * past its ends when it is finished.  Fetched now, it has arrived by
   * then. */
  for (guint i = 0; i < n_segs; i++)
    {
      __builtin_prefetch (al->corpus->tokens + segs[i].pa_end + segs[i].diag);
      __builtin_prefetch (al->corpus->tokens + segs[i].pa + segs[i].diag - 1);
    }

  chains = room (al->chains, n_segs);
  for (guint i = 0; i < n_segs; i++)
    {
      Segment *s = &segs[i];
      gint best = -1;
      gint64 best_cost = G_MAXINT64;
      gboolean absorbed = FALSE;
      guint open = 0;

      /* Chains that end too far behind can take no more segments. */
      for (guint c = 0; c < n_chains; c++)
        {
          if ((gint64) chains[c].ea + o->max_gap < s->pa)
            finish_chain (al, a, b, chains[c].head, NO_SEGMENT);
          else
            chains[open++] = chains[c];
        }
      n_chains = open;

      for (guint c = 0; c < open; c++)
        {
          const Chain *ch = &chains[c];
          gint64 ddiag = ABS (s->diag - ch->diag);
          guint32 shift;
          gint64 ga, gb;

          if (ddiag > o->max_gap)
            continue;
          shift = overlap_shift (ch, s);
          ga = (gint64) s->pa + shift - ch->ea;
          gb = (gint64) s->pa + shift + s->diag - ch->eb;
          if (ga > o->max_gap || gb > o->max_gap)
            continue;
          if (s->pa + (gint64) shift >= s->pa_end)
            {
              absorbed = TRUE;   /* adds nothing to a chain it agrees with */
              break;
            }
          if (ddiag * (o->max_gap + 1) + ga + gb < best_cost)
            {
              best_cost = ddiag * (o->max_gap + 1) + ga + gb;
              best = c;
            }
        }
      if (absorbed)
        continue;
      if (best >= 0)
        {
          Chain *ch = &chains[best];

          segs[ch->tail].next = i;
          ch->tail = i;
          ch->ea = s->pa_end;
          ch->eb = (gint64) s->pa_end + s->diag;
          ch->diag = s->diag;
        }
      else
        chains[n_chains++] = (Chain) { i, i, s->pa_end, (gint64) s->pa_end + s->diag, s->diag };
    }
  for (guint c = 0; c < n_chains; c++)
    finish_chain (al, a, b, chains[c].head, NO_SEGMENT);
  finish_pair (al, a, b);
}

static int
compare_passages (const void *x, const void *y)
{
  const BaguPassage *p = x, *q = y;

  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  if (p->a_start != q->a_start)
    return p->a_start < q->a_start ? -1 : 1;
  if (p->b != q->b)
    return p->b < q->b ? -1 : 1;
  if (p->b_start != q->b_start)
    return p->b_start < q->b_start ? -1 : 1;
  if (p->a_end != q->a_end)
    return p->a_end < q->a_end ? -1 : 1;
  return p->b_end < q->b_end ? -1 : p->b_end > q->b_end;
}

static guint32
find_root (guint32 *parent, guint32 x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

/* Near-duplicate pairs joined into clusters, numbered by their first
 * document. */
static void
cluster_duplicates (BaguAlignment *result, guint32 n_docs)
{
  g_autofree guint32 *parent = g_new (guint32, n_docs);
  g_autofree guint32 *number = g_new0 (guint32, n_docs);

  for (guint32 d = 0; d < n_docs; d++)
    parent[d] = d;
  for (guint i = 0; i < result->duplicates->len; i++)
    {
      const BaguDuplicate *dup = &g_array_index (result->duplicates, BaguDuplicate, i);
      guint32 x = find_root (parent, dup->a), y = find_root (parent, dup->b);

      /* The smaller document becomes the root, so roots are first members. */
      if (x < y)
        parent[y] = x;
      else if (y < x)
        parent[x] = y;
    }
  for (guint i = 0; i < result->duplicates->len; i++)
    {
      const BaguDuplicate *dup = &g_array_index (result->duplicates, BaguDuplicate, i);

      result->cluster[dup->a] = result->cluster[dup->b] = 1;
    }
  for (guint32 d = 0; d < n_docs; d++)
    {
      guint32 root;

      if (result->cluster[d] == 0)
        continue;
      root = find_root (parent, d);
      if (number[root] == 0)
        number[root] = ++result->n_clusters;
      result->cluster[d] = number[root];
    }
  for (guint i = 0; i < result->duplicates->len; i++)
    {
      BaguDuplicate *dup = &g_array_index (result->duplicates, BaguDuplicate, i);

      dup->cluster = result->cluster[dup->a];
    }
}

/* The aligner's work comes in parts of unequal cost (hub documents pair
 * with many): more parts than threads keep every thread busy, and small
 * ones leave little to one thread alone at the end. */
static guint
n_align_parts (void)
{
  guint threads = bagu_parallel_threads ();

  return threads > 1 ? 64 * threads : 1;
}

/* The passages, in the order of their pairs (so grouped by document a),
 * put in compare_passages order: each document's group sorted on its own,
 * the groups in parts on several threads. */
typedef struct {
  BaguPassage *passages;
  const gsize *group_bounds;    /* passages of a group: bounds[g] … bounds[g + 1] */
  const gsize *part_bounds;     /* groups of a part */
} SortJob;

static void
sort_groups (guint k, gpointer data)
{
  const SortJob *job = data;

  for (gsize g = job->part_bounds[k]; g < job->part_bounds[k + 1]; g++)
    {
      gsize lo = job->group_bounds[g], hi = job->group_bounds[g + 1];

      if (hi - lo > 1)
        qsort (job->passages + lo, hi - lo, sizeof (BaguPassage), compare_passages);
    }
}

static void
sort_passages (GArray *passages)
{
  BaguPassage *p = (BaguPassage *) passages->data;
  guint n_parts = n_align_parts ();
  g_autoptr(GArray) group_bounds = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree gsize *part_bounds = g_new (gsize, n_parts + 1);
  gsize n = passages->len;

  for (gsize i = 0; i < n; i++)
    {
      g_assert (i == 0 || p[i - 1].a <= p[i].a);
      if (i == 0 || p[i].a != p[i - 1].a)
        g_array_append_val (group_bounds, i);
    }
  g_array_append_val (group_bounds, n);
  for (guint g = 0; g + 1 < group_bounds->len; g++)
    {
      guint64 w = g_array_index (group_bounds, gsize, g + 1) - g_array_index (group_bounds, gsize, g);

      g_array_append_val (weights, w);
    }
  bagu_parallel_split ((const guint64 *) weights->data, weights->len, n_parts, part_bounds);
  bagu_parallel_run (n_parts, sort_groups,
                     &(SortJob) { p, (const gsize *) group_bounds->data, part_bounds });
}

/* One part of the pairs, aligned on its own thread into its own arrays. */
typedef struct {
  Aligner al;
  guint lo, hi;             /* its seeds */
  guint n_pairs;
  gsize passage_at;         /* where its passages and shares go in the result */
  gsize share_at;
} AlignPart;

typedef struct {
  AlignPart *parts;
  BaguAlignment *result;
} JoinJob;

/* Copies part @k's passages and shares to their places, and frees its
 * arrays. */
static void
join_part (guint k, gpointer data)
{
  JoinJob *job = data;
  Aligner *al = &job->parts[k].al;

  if (al->passages->len > 0)
    memcpy (&g_array_index (job->result->passages, BaguPassage, job->parts[k].passage_at),
            al->passages->data, al->passages->len * sizeof (BaguPassage));
  if (al->shares->len > 0)
    memcpy (&g_array_index (job->result->shares, BaguShare, job->parts[k].share_at),
            al->shares->data, al->shares->len * sizeof (BaguShare));
  g_array_unref (al->passages);
  g_array_unref (al->shares);
  g_array_unref (al->duplicates);
  g_array_unref (al->segments);
  g_array_unref (al->chains);
  g_array_unref (al->pair_passages);
  g_array_unref (al->ranges_a);
  g_array_unref (al->ranges_b);
}

typedef struct {
  AlignPart *parts;
  const BaguSeed *seeds;
} AlignJob;

static void
align_part (guint k, gpointer data)
{
  AlignJob *job = data;
  AlignPart *part = &job->parts[k];
  const BaguSeed *s = job->seeds;

  const guint32 *tokens = part->al.corpus->tokens;
  guint32 k_seed = MAX (part->al.options->seed_length, 1);

  for (guint i = part->lo; i < part->hi;)
    {
      guint j = i + 1;

      while (j < part->hi && s[j].a == s[i].a && s[j].b == s[i].b)
        j++;
      /* Most pairs have a seed or two: the text of the next pair's b, where
       * its chains will be extended, is fetched while this one is aligned
       * (align_pair fetches it for the segments of its own pair). */
      if (j < part->hi)
        {
          __builtin_prefetch (tokens + s[j].pb + k_seed);
          __builtin_prefetch (tokens + s[j].pb - 1);
        }
      align_pair (&part->al, s, i, j);
      part->n_pairs++;
      i = j;
    }
}

BaguAlignment *
bagu_align (const BaguCorpus *corpus, const guint32 *doc_starts,
            const BaguAlignOptions *options)
{
  guint32 n_docs = corpus->documents->len;
  BaguAlignment *result = g_new0 (BaguAlignment, 1);
  BaguSeedOptions seed_options = { options->seed_length, options->seed_docs, options->filter,
                                   options->seed_runs };
  g_autoptr(GArray) seeds = NULL;
  g_autofree guint32 *doc_tokens = g_new0 (guint32, n_docs + 1);
  const guint8 *boundary = bagu_corpus_boundaries (corpus);
  g_autofree AlignPart *parts = NULL;
  guint n_parts = n_align_parts ();
  gsize n_passages = 0, n_shares = 0;
  const BaguSeed *s;

  result->duplicates = g_array_new (FALSE, FALSE, sizeof (BaguDuplicate));
  result->cluster = g_new0 (guint32, n_docs + 1);
  for (guint32 d = 0; d < n_docs; d++)
    doc_tokens[d] = count_words (corpus->tokens + doc_starts[d], doc_starts[d + 1] - doc_starts[d]);

  seeds = bagu_seeds_exact (corpus, doc_starts, &seed_options);
  result->n_seeds = seeds->len;
  s = (const BaguSeed *) seeds->data;

  /* The pairs in parts of about as many seeds, each part whole pairs; the
   * results are joined in the order of the parts, as one thread would
   * have made them.  The pairs of hub documents have many seeds each and
   * the others few, so the parts differ in cost: there are more parts than
   * threads. */
  parts = g_new0 (AlignPart, n_parts);
  for (guint k = 0; k < n_parts; k++)
    {
      guint lo = k == 0 ? 0 : parts[k - 1].hi;
      guint hi = k + 1 == n_parts ? seeds->len
                                  : MAX (lo, (guint) ((guint64) seeds->len * (k + 1) / n_parts));

      while (hi > lo && hi < seeds->len && s[hi].a == s[hi - 1].a && s[hi].b == s[hi - 1].b)
        hi++;
      parts[k] = (AlignPart) {
        { corpus, doc_starts, options, doc_tokens, boundary,
          g_array_new (FALSE, FALSE, sizeof (Segment)),
          g_array_new (FALSE, FALSE, sizeof (Chain)),
          g_array_new (FALSE, FALSE, sizeof (BaguPassage)),
          g_array_new (FALSE, FALSE, sizeof (BaguPassage)),
          g_array_new (FALSE, FALSE, sizeof (BaguShare)),
          g_array_new (FALSE, FALSE, sizeof (BaguDuplicate)),
          g_array_new (FALSE, FALSE, sizeof (guint32)),
          g_array_new (FALSE, FALSE, sizeof (guint32)) },
        lo, hi, 0 };
    }
  bagu_parallel_run (n_parts, align_part, &(AlignJob) { parts, s });
  /* Joined into arrays made at their size, each part copied to its place
   * on the threads: tens of megabytes, whose new pages one thread would
   * take one at a time while the others wait. */
  for (guint k = 0; k < n_parts; k++)
    {
      parts[k].passage_at = n_passages;
      parts[k].share_at = n_shares;
      n_passages += parts[k].al.passages->len;
      n_shares += parts[k].al.shares->len;
      result->n_pairs += parts[k].n_pairs;
      g_array_append_vals (result->duplicates, parts[k].al.duplicates->data,
                           parts[k].al.duplicates->len);
    }
  g_assert (n_passages <= G_MAXUINT && n_shares <= G_MAXUINT);
  result->passages = bagu_array_new (FALSE, sizeof (BaguPassage), n_passages);
  result->shares = bagu_array_new (FALSE, sizeof (BaguShare), n_shares);
  g_array_set_size (result->passages, (guint) n_passages);
  g_array_set_size (result->shares, (guint) n_shares);
  bagu_parallel_run (n_parts, join_part, &(JoinJob) { parts, result });
  sort_passages (result->passages);
  cluster_duplicates (result, n_docs);
  return result;
}

void
bagu_alignment_free (BaguAlignment *alignment)
{
  if (alignment == NULL)
    return;
  g_array_unref (alignment->passages);
  g_array_unref (alignment->shares);
  g_array_unref (alignment->duplicates);
  g_free (alignment->cluster);
  g_free (alignment);
}
