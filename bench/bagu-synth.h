/* bench/bagu-synth.h: synthetic report corpora with ground truth, for measuring bagu.
 *
 * A corpus is built from two kinds of sentences.  Template sentences come
 * from a pool of stock sentences taken from the sample corpus; each copy is
 * changed the way real copies are (numbers, filled placeholders, character
 * edits, 、/， swaps).  Fresh ("specific") sentences are written for one
 * document only: in the easy register they come from the Chinese manual
 * pages, in the hard register from a character Markov chain trained on the
 * pool, so that they share words and short terms with the templates.
 * The format of the ground truth is documented in bench/README.md.
 *
 * Ownership: a BaguSynthPool owns the strings it hands out. */
#pragma once

#include <glib.h>
#include "bagu-bench.h"

G_BEGIN_DECLS

#define BAGU_SYNTH_ERROR (bagu_synth_error_quark ())
GQuark bagu_synth_error_quark (void);

typedef enum {
  BAGU_SYNTH_ERROR_SAMPLES,    /* the sample corpus gave no usable sentences */
  BAGU_SYNTH_ERROR_MANPAGES,   /* no Chinese manual pages for the easy register */
  BAGU_SYNTH_ERROR_OUTPUT,     /* the corpus or the truth could not be written */
  BAGU_SYNTH_ERROR_OPTIONS,    /* an option out of range */
} BaguSynthError;

typedef enum {
  BAGU_SYNTH_EASY,   /* specific sentences from another register */
  BAGU_SYNTH_HARD,   /* specific sentences in the templates' own register */
} BaguSynthRegister;

/* Fresh sentences never share a string of this many characters with the
 * template pool, and (best effort) not with each other either. */
#define BAGU_SYNTH_UNIQUE_LENGTH 14

typedef struct {
  guint64 seed;
  guint n_docs;
  BaguSynthRegister reg;
  double edit_rate;           /* share of a copy's CJK characters edited */
  double zipf;                /* exponent of the templates' popularity */
  const char *samples_dir;    /* the sample corpus */
  const char *noise_rules;    /* (nullable) rule file of bagu */
  const char *manpages_dir;   /* the easy register's source */
} BaguSynthOptions;

/* Defaults: seed 1, 100 documents, easy, 2% edits, Zipf 1.0, the source
 * tree's samples and noise rules, /usr/share/man/zh_CN. */
void bagu_synth_options_init (BaguSynthOptions *options);

typedef struct BaguSynthPool BaguSynthPool;

/**
 * bagu_synth_pool_new:
 *
 * Reads the sample corpus into the pool of template sentences and prepares
 * the source of fresh sentences of @options->reg (for the easy register, the
 * manual pages in @options->manpages_dir, plain troff or gzip'd).
 *
 * Returns: (transfer full): the pool, or %NULL with @error set
 */
BaguSynthPool *bagu_synth_pool_new (const BaguSynthOptions *options, GError **error);
void bagu_synth_pool_free (BaguSynthPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BaguSynthPool, bagu_synth_pool_free)

/* Number of template sentences; their ids are 1 … n. */
guint bagu_synth_pool_n_templates (const BaguSynthPool *pool);
/* (transfer none) the stock text of template @id. */
const char *bagu_synth_pool_template (const BaguSynthPool *pool, guint id);
/* Number of manual-page sentences available to the easy register. */
guint bagu_synth_pool_n_manpage_sentences (const BaguSynthPool *pool);

/**
 * bagu_synth_copy:
 * @text: a template's stock text
 * @unit: the name that fills placeholders (XX, X, *, xx …)
 * @n_edits: (out): character insertions, deletions and substitutions made
 *
 * A copy of @text as a unit would write it: character edits at
 * @edit_rate per CJK character, numbers replaced, placeholders filled, and
 * 、 and ， swapped now and then.
 *
 * Returns: (transfer full): the copy
 */
char *bagu_synth_copy (const BaguSynthPool *pool, BaguRng *rng, const char *text,
                       double edit_rate, const char *unit, guint *n_edits);

/* Splits @text into sentences ending in 。！？；or ';' and calls @func on
 * each (without a trailing fragment that has no end mark).  The sentence is
 * NUL-terminated for the call only. */
typedef void (*BaguSynthSentenceFunc) (const char *sentence, gpointer user_data);
void bagu_synth_split_sentences (const char *text, BaguSynthSentenceFunc func,
                                 gpointer user_data);

/* troff source of a manual page into plain paragraphs, one a line: requests
 * and escapes removed, no-fill examples left out.  (transfer full) */
char *bagu_synth_troff_to_text (const char *troff, gsize len);

typedef struct {
  guint n_docs;
  guint n_sentences;
  guint n_template;        /* template sentences whose id is in two documents or more */
  guint n_single_use;      /* template copies counted as specific: id in one document */
  guint n_fresh;           /* fresh sentences */
  guint n_fresh_markov;    /* … of which the Markov chain wrote */
  guint n_fresh_repeats;   /* … that still share a long string with earlier text */
  guint64 n_chars;
  guint64 n_bytes;
  guint64 n_template_han;  /* CJK characters of the stock texts copied */
  guint64 n_edits;
} BaguSynthStats;

/**
 * bagu_synth_write_corpus:
 * @dir: created; must not exist or be empty
 * @truth_path: the ground truth (TSV), written atomically
 *
 * Generates the corpus of @options: the same options give the same bytes.
 */
gboolean bagu_synth_write_corpus (BaguSynthPool *pool, const BaguSynthOptions *options,
                                  const char *dir, const char *truth_path,
                                  BaguSynthStats *stats, GError **error);

G_END_DECLS
