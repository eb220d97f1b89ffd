/* bagu-tokenize.c: paragraphs to the flat token stream, NFKC on the fly. */
#include "config.h"

#include <string.h>

#include "bagu-tokenize.h"
#include "bagu-utf8.h"

/* What a (normalised) character contributes. */
typedef enum {
  CLASS_OTHER,        /* punctuation, symbols, space, controls: cuts runs */
  CLASS_CHAR,         /* unsegmented scripts: one token per character */
  CLASS_LETTER,       /* alphabetic scripts: part of a word run */
  CLASS_MARK,         /* combining mark: continues a word run */
  CLASS_DIGIT,        /* part of a NUM run */
  CLASS_NUM_SEP,      /* '.' ',': inside a number when a digit follows */
  CLASS_PERCENT,      /* '%': ends a number */
  CLASS_APOSTROPHE,   /* ' ’: inside a word when a letter follows */
  CLASS_HYPHEN,       /* '-': inside a word, or a placeholder when doubled */
  CLASS_PLACEHOLDER,  /* '*' '_': a placeholder on its own */
  CLASS_PLACEHOLDER2, /* × △ ○ □: a placeholder when doubled */
} CharClass;

typedef enum {
  RUN_NONE,
  RUN_WORD,
  RUN_NUM,
  RUN_SLOT,
} RunKind;

/* Words longer than this (bytes) spill to the heap; real words never do. */
#define WORD_STACK_SIZE 256

typedef struct {
  BaguCorpus *corpus;

  RunKind run;
  guint32 run_start, run_end;   /* characters */

  /* RUN_SLOT: the run is one repeated character. */
  gunichar slot_char;
  guint slot_len, slot_min;

  /* RUN_WORD: the case-folded word so far. */
  char *word;
  gsize word_len, word_alloc;
  gboolean word_ascii;          /* already folded by ASCII lower-casing */
  gboolean word_only_x;         /* X, xx, XXX: a placeholder, not a word */

  /* A separator ('.' in a number, '-' in a word) seen inside a run that
   * belongs to it only if the run continues after it. */
  gunichar pending;
  CharClass pending_class;
  guint32 pending_start, pending_end;

  char word_stack[WORD_STACK_SIZE];
} Tokenizer;

static void feed (Tokenizer *t, gunichar c, CharClass cls, guint32 start, guint32 end);

static void
tokenizer_init (Tokenizer *t, BaguCorpus *corpus)
{
  t->corpus = corpus;
  t->run = RUN_NONE;
  t->pending = 0;
  t->word = t->word_stack;
  t->word_len = 0;
  t->word_alloc = sizeof t->word_stack;
}

static void
tokenizer_clear (Tokenizer *t)
{
  if (t->word != t->word_stack)
    g_free (t->word);
  t->word = t->word_stack;
}

static inline void
emit (BaguCorpus *corpus, guint32 token, guint32 start, guint32 end)
{
  gsize n = corpus->n_tokens;

  /* The up-front reservation covers one token per byte; only a few
   * compatibility characters (㍿ → 株式会社) expand beyond that. */
  if (G_UNLIKELY (n >= corpus->tokens_alloc))
    bagu_corpus_reserve_tokens (corpus, 64);
  corpus->tokens[n] = token;
  corpus->tok_start[n] = start;
  corpus->tok_end[n] = end;
  corpus->n_tokens = n + 1;
}

static void
word_grow (Tokenizer *t, gsize need)
{
  gsize alloc = t->word_alloc;

  while (alloc < t->word_len + need)
    alloc *= 2;
  if (t->word == t->word_stack)
    {
      t->word = g_malloc (alloc);
      memcpy (t->word, t->word_stack, t->word_len);
    }
  else
    t->word = g_realloc (t->word, alloc);
  t->word_alloc = alloc;
}

static inline void
word_put (Tokenizer *t, gunichar c)
{
  if (G_UNLIKELY (t->word_len + 6 > t->word_alloc))
    word_grow (t, 6);
  if (c < 0x80)
    {
      /* Only letters get here: setting the case bit lower-cases them. */
      t->word[t->word_len++] = (char) (c | 0x20);
      if ((c | 0x20) != 'x')
        t->word_only_x = FALSE;
    }
  else
    {
      t->word_len += g_unichar_to_utf8 (c, t->word + t->word_len);
      t->word_ascii = FALSE;
      t->word_only_x = FALSE;
    }
}

static void
finish_word (Tokenizer *t)
{
  BaguCorpus *corpus = t->corpus;
  guint32 token;

  if (t->word_only_x)
    token = BAGU_TOKEN_SLOT;
  else if (t->word_ascii)
    token = bagu_corpus_word_id (corpus, t->word, t->word_len);
  else
    {
      /* Full case folding (ß → ss, ς → σ) needs the whole word; words
       * outside ASCII are rare enough in this corpus for the allocation. */
      g_autofree char *folded = g_utf8_casefold (t->word, t->word_len);
      token = bagu_corpus_word_id (corpus, folded, strlen (folded));
    }
  emit (corpus, token, t->run_start, t->run_end);
}

/* Ends the current run, emits its token, then gives a pending separator
 * that turned out not to belong to the run its own chance ("co--op": the
 * first '-' starts a placeholder run). */
static void
finish_run (Tokenizer *t)
{
  RunKind run = t->run;

  t->run = RUN_NONE;
  switch (run)
    {
    case RUN_WORD:
      finish_word (t);
      break;
    case RUN_NUM:
      emit (t->corpus, BAGU_TOKEN_NUM, t->run_start, t->run_end);
      break;
    case RUN_SLOT:
      if (t->slot_len >= t->slot_min)
        emit (t->corpus, BAGU_TOKEN_SLOT, t->run_start, t->run_end);
      break;
    case RUN_NONE:
      break;
    }

  if (t->pending != 0)
    {
      gunichar c = t->pending;

      t->pending = 0;
      feed (t, c, t->pending_class, t->pending_start, t->pending_end);
    }
}

static void
flush (Tokenizer *t)
{
  while (t->run != RUN_NONE)
    finish_run (t);
}

static inline void
set_pending (Tokenizer *t, gunichar c, CharClass cls, guint32 start, guint32 end)
{
  t->pending = c;
  t->pending_class = cls;
  t->pending_start = start;
  t->pending_end = end;
}

/* Feeds one normalised character with the offsets of the original one. */
static void
feed (Tokenizer *t, gunichar c, CharClass cls, guint32 start, guint32 end)
{
again:
  switch (t->run)
    {
    case RUN_NONE:
      break;

    case RUN_WORD:
      if (cls == CLASS_LETTER || (cls == CLASS_MARK && t->pending == 0))
        {
          if (t->pending != 0)
            {
              /* Typographic and straight apostrophes spell the same
               * word, so both are stored as '\''; a joiner keeps X-X a
               * placeholder and "don’t" on the ASCII path. */
              if (G_UNLIKELY (t->word_len + 1 > t->word_alloc))
                word_grow (t, 1);
              t->word[t->word_len++] = t->pending_class == CLASS_APOSTROPHE ? '\'' : '-';
              t->pending = 0;
            }
          word_put (t, c);
          t->run_end = end;
          return;
        }
      if ((cls == CLASS_APOSTROPHE || cls == CLASS_HYPHEN) && t->pending == 0)
        {
          set_pending (t, c, cls, start, end);
          return;
        }
      finish_run (t);
      goto again;

    case RUN_NUM:
      if (cls == CLASS_DIGIT)
        {
          t->pending = 0;
          t->run_end = end;
          return;
        }
      if (t->pending == 0)
        {
          if (cls == CLASS_NUM_SEP)
            {
              set_pending (t, c, cls, start, end);
              return;
            }
          if (cls == CLASS_PERCENT)
            {
              t->run_end = end;
              finish_run (t);
              return;
            }
        }
      finish_run (t);
      goto again;

    case RUN_SLOT:
      if (c == t->slot_char)
        {
          t->slot_len++;
          t->run_end = end;
          return;
        }
      finish_run (t);
      goto again;
    }

  switch (cls)
    {
    case CLASS_CHAR:
      emit (t->corpus, c, start, end);
      break;

    case CLASS_LETTER:
      t->run = RUN_WORD;
      t->run_start = start;
      t->run_end = end;
      t->word_len = 0;
      t->word_ascii = TRUE;
      t->word_only_x = TRUE;
      word_put (t, c);
      break;

    case CLASS_DIGIT:
      t->run = RUN_NUM;
      t->run_start = start;
      t->run_end = end;
      break;

    case CLASS_HYPHEN:
    case CLASS_PLACEHOLDER:
    case CLASS_PLACEHOLDER2:
      t->run = RUN_SLOT;
      t->run_start = start;
      t->run_end = end;
      t->slot_char = c;
      t->slot_len = 1;
      t->slot_min = cls == CLASS_PLACEHOLDER ? 1 : 2;
      break;

    case CLASS_OTHER:
    case CLASS_MARK:        /* a mark without a letter to attach to */
    case CLASS_NUM_SEP:
    case CLASS_PERCENT:
    case CLASS_APOSTROPHE:
      break;
    }
}

static inline CharClass
ascii_class (gunichar c)
{
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
    return CLASS_LETTER;
  if (c >= '0' && c <= '9')
    return CLASS_DIGIT;
  switch (c)
    {
    case '.':
    case ',':
      return CLASS_NUM_SEP;
    case '%':
      return CLASS_PERCENT;
    case '\'':
      return CLASS_APOSTROPHE;
    case '-':
      return CLASS_HYPHEN;
    case '*':
    case '_':
      return CLASS_PLACEHOLDER;
    default:
      return CLASS_OTHER;
    }
}

static inline gboolean
is_common_han (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

static gboolean
is_unsegmented_script (GUnicodeScript script)
{
  switch (script)
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_THAI:
    case G_UNICODE_SCRIPT_LAO:
    case G_UNICODE_SCRIPT_KHMER:
    case G_UNICODE_SCRIPT_MYANMAR:
    case G_UNICODE_SCRIPT_TIBETAN:
    case G_UNICODE_SCRIPT_YI:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The class of any normalised character. */
static CharClass
classify (gunichar c)
{
  GUnicodeType type;

  if (c < 0x80)
    return ascii_class (c);
  if (is_common_han (c))
    return CLASS_CHAR;

  switch (c)
    {
    case 0x2019:  /* ’, the apostrophe of word processors */
      return CLASS_APOSTROPHE;
    case 0x00D7:  /* × */
    case 0x25B3:  /* △ */
    case 0x25CB:  /* ○ */
    case 0x25A1:  /* □ */
      return CLASS_PLACEHOLDER2;
    case 0x3007:  /* 〇 is a numeral, written like a Han character */
      return CLASS_CHAR;
    default:
      break;
    }

  type = g_unichar_type (c);
  switch (type)
    {
    case G_UNICODE_DECIMAL_NUMBER:
      return CLASS_DIGIT;

    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      /* Thai vowel signs are marks of their script: tokens like the
       * letters.  ー 々 〆 are letters of the common script but live in
       * the CJK symbol and kana blocks. */
      if (is_unsegmented_script (g_unichar_get_script (c))
          || (c >= 0x3000 && c <= 0x30FF))
        return CLASS_CHAR;
      if (type == G_UNICODE_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK
          || type == G_UNICODE_NON_SPACING_MARK)
        return CLASS_MARK;
      return CLASS_LETTER;

    default:
      return CLASS_OTHER;
    }
}

/* The class of a character that NFKC leaves alone, for the common
 * non-ASCII, non-Han characters of Chinese text; FALSE for the rest. */
static inline gboolean
stable_class (gunichar c, CharClass *cls)
{
  switch (c)
    {
    case 0x3001: case 0x3002:                  /* 、。 */
    case 0x3008: case 0x3009: case 0x300A: case 0x300B:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F:
    case 0x3010: case 0x3011:                  /* 〈〉《》「」『』【】 */
    case 0x3014: case 0x3015: case 0x3016: case 0x3017:
    case 0x2018: case 0x201C: case 0x201D:     /* ‘ “ ” */
    case 0x2013: case 0x2014:                  /* – — */
    case 0x00B7: case 0x2022:                  /* · • */
    case 0x2026:                               /* … (NFKC "..." never joins a run either) */
    case 0x3000:                               /* ideographic space */
      *cls = CLASS_OTHER;
      return TRUE;
    case 0x2019:
      *cls = CLASS_APOSTROPHE;
      return TRUE;
    default:
      return FALSE;
    }
}

/* Decodes one character of valid UTF-8, never reading at or past @end;
 * advances by the length of the lead byte like g_utf8_next_char so that
 * offsets agree with GLib's even on damaged input.  Returns (gunichar) -1
 * for damaged input. */
static inline __attribute__ ((always_inline)) gunichar
decode (const guchar *p, const guchar *end, guint *len)
{
  guchar b = p[0];
  gunichar c;
  guint n;

  if (b < 0x80)
    {
      *len = 1;
      return b;
    }
  if (b >= 0xE0 && b < 0xF0 && end - p >= 3
      && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
    {
      *len = 3;
      c = ((gunichar) (b & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (G_UNLIKELY (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF)))
        return (gunichar) -1;
      return c;
    }

  n = (guchar) g_utf8_skip[b];
  if ((gsize) (end - p) < n)
    n = end - p;
  *len = n;
  if (b < 0xC0 || b >= 0xF8)
    return (gunichar) -1;
  if (b < 0xE0)
    {
      if (n < 2 || (p[1] & 0xC0) != 0x80)
        return (gunichar) -1;
      c = ((gunichar) (b & 0x1F) << 6) | (p[1] & 0x3F);
      return c < 0x80 ? (gunichar) -1 : c;
    }
  if (b < 0xF0)
    return (gunichar) -1;  /* a damaged three-byte sequence */
  if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
    return (gunichar) -1;
  c = ((gunichar) (b & 0x07) << 18) | ((gunichar) (p[1] & 0x3F) << 12)
      | ((gunichar) (p[2] & 0x3F) << 6) | (p[3] & 0x3F);
  if (c < 0x10000 || c > 0x10FFFF)
    return (gunichar) -1;
  return c;
}

/* Whether @c composes with the character before it under NFKC, so that
 * the two must be normalised together. */
static gboolean
is_continuation (gunichar c)
{
  if (c < 0x300 || is_common_han (c) || c == (gunichar) -1)
    return FALSE;
  /* Conjoining jamo vowels and trailing consonants compose into Hangul
   * syllables although they are letters, not marks; so do the half-width
   * (semi-)voiced sound marks with kana (ｶﾞ is ガ). */
  if ((c >= 0x1160 && c <= 0x11FF) || (c >= 0xD7B0 && c <= 0xD7FF))
    return TRUE;
  if (c == 0xFF9E || c == 0xFF9F)
    return TRUE;
  return g_unichar_ismark (c);
}

/* Cheap test on the next byte: below U+0300 and in U+4000–U+9FFF there
 * are no combining characters, and that is almost all text. */
static inline gboolean
next_is_continuation (const guchar *q, const guchar *end)
{
  guchar b;
  guint len;

  if (q >= end)
    return FALSE;
  b = *q;
  if (b < 0xCC || (b >= 0xE4 && b <= 0xE9))
    return FALSE;
  return is_continuation (decode (q, end, &len));
}

/* The slow path: NFKC of a character with its combining marks; each
 * resulting character gets the offsets of the whole cluster. */
static void
feed_normalized (Tokenizer *t, const guchar *p, gsize len, guint32 start, guint32 end)
{
  g_autofree char *norm = g_utf8_normalize ((const char *) p, len, G_NORMALIZE_NFKC);

  if (norm == NULL)
    {
      feed (t, 0xFFFD, CLASS_OTHER, start, end);
      return;
    }
  for (const char *s = norm; *s != '\0'; s = g_utf8_next_char (s))
    {
      gunichar c = g_utf8_get_char (s);

      feed (t, c, classify (c), start, end);
    }
}

static inline gboolean
is_ascii_letter (guchar b)
{
  return (guchar) ((b | 0x20) - 'a') < 26;
}

/* Appends the ASCII letters from @q on to the word run that a letter just
 * started or continued, without a call per character: English and
 * Indonesian text is mostly such runs.  A letter followed by a non-ASCII
 * byte is left to the caller, which must check it for combining marks.
 * Returns where the caller continues. */
static inline const guchar *
scan_ascii_word (Tokenizer *t, const guchar *q, const guchar *end, guint32 *pos)
{
  const guchar *r = q;
  gsize n;

  while (r < end && is_ascii_letter (*r) && (r + 1 == end || r[1] < 0x80))
    r++;
  n = r - q;
  if (n == 0)
    return q;
  if (G_UNLIKELY (t->word_len + n > t->word_alloc))
    word_grow (t, n);
  for (gsize i = 0; i < n; i++)
    {
      guchar lower = q[i] | 0x20;

      t->word[t->word_len + i] = (char) lower;
      if (lower != 'x')
        t->word_only_x = FALSE;
    }
  t->word_len += n;
  *pos += n;
  t->run_end = *pos;
  return r;
}

/* Tokenizes [p, end), which holds no noise, and ends any run at @end.
 * Returns the character offset of @end. */
static guint32
tokenize_segment (Tokenizer *t, const guchar *p, const guchar *end, guint32 pos)
{
  while (p < end)
    {
      guint len;
      gunichar c = decode (p, end, &len);
      const guchar *q = p + len;
      guint32 start = pos++;
      CharClass cls;

      if (G_UNLIKELY (c == (gunichar) -1))
        {
          /* Damaged UTF-8 (ingest validates, so only from other callers). */
          feed (t, 0xFFFD, CLASS_OTHER, start, pos);
          p = q;
          continue;
        }

      /* The fast path: ASCII, common Han, full-width forms and common CJK
       * punctuation are NFKC-stable or map by a fixed offset, so they need
       * no call into g_utf8_normalize (an allocation per character), which
       * would keep tokenizing far below the target of 50 MB/s.  It only
       * applies when no combining mark follows. */
      if (G_LIKELY (!next_is_continuation (q, end)))
        {
          if (c < 0x80)
            {
              cls = ascii_class (c);
              feed (t, c, cls, start, pos);
              if (cls == CLASS_LETTER)
                q = scan_ascii_word (t, q, end, &pos);
              p = q;
              continue;
            }
          if (is_common_han (c))
            {
              /* Most characters: between two others, each its token,
               * as feed would make it. */
              if (t->run == RUN_NONE)
                emit (t->corpus, c, start, pos);
              else
                feed (t, c, CLASS_CHAR, start, pos);
              p = q;
              continue;
            }
          if (c >= 0xFF01 && c <= 0xFF5E)
            {
              c -= 0xFEE0;
              feed (t, c, ascii_class (c), start, pos);
              p = q;
              continue;
            }
          if (stable_class (c, &cls))
            {
              feed (t, c, cls, start, pos);
              p = q;
              continue;
            }
        }
      else
        {
          while (next_is_continuation (q, end))
            {
              guint mark_len;

              decode (q, end, &mark_len);
              q += mark_len;
              pos++;
            }
        }

      feed_normalized (t, p, q - p, start, pos);
      p = q;
    }

  flush (t);
  return pos;
}

guint32
bagu_tokenize_span (BaguCorpus *corpus, const char *text,
                    gsize byte_start, gsize byte_end, guint32 char_start,
                    const BaguNoise *skip, guint n_skip)
{
  const guchar *utext = (const guchar *) text;
  gsize before;
  gsize pos = byte_start;
  guint32 chars = char_start;
  guint k = 0;
  Tokenizer t;

  g_return_val_if_fail (corpus != NULL, 0);
  g_return_val_if_fail (byte_start <= byte_end, 0);
  g_return_val_if_fail (text != NULL || byte_start == byte_end, 0);
  g_return_val_if_fail (skip != NULL || n_skip == 0, 0);

  before = corpus->n_tokens;
  /* Never more tokens than bytes (but for rare expanding characters,
   * which emit () handles), so the hot loop does not reallocate. */
  bagu_corpus_reserve_tokens (corpus, byte_end - byte_start + 1);
  tokenizer_init (&t, corpus);

  while (pos < byte_end)
    {
      gsize seg_end = byte_end;

      /* Both the spans and the text are in order: one moving index. */
      while (k < n_skip && skip[k].byte_end <= pos)
        k++;
      if (k < n_skip && skip[k].byte_start <= pos)
        {
          gsize to = MIN ((gsize) skip[k].byte_end, byte_end);

          chars += (guint32) bagu_utf8_length (text + pos, to - pos);
          pos = to;
          continue;
        }
      if (k < n_skip && skip[k].byte_start < seg_end)
        seg_end = skip[k].byte_start;

      chars = tokenize_segment (&t, utext + pos, utext + seg_end, chars);
      pos = seg_end;
    }

  tokenizer_clear (&t);
  return corpus->n_tokens - before;
}

/* Tokenizes one piece of a paragraph between noise spans; when an earlier
 * piece had tokens (pending) and this one has some, a separator at
 * sep_offset goes between them.  Returns whether the piece had tokens. */
static gboolean
tokenize_piece (BaguCorpus *corpus, const char *text, gsize b0, gsize b1,
                guint32 char_start, gboolean pending, guint32 sep_offset)
{
  gsize mark = corpus->n_tokens;
  guint32 n;

  if (pending)
    emit (corpus, BAGU_TOKEN_SEP, sep_offset, sep_offset);
  n = bagu_tokenize_span (corpus, text, b0, b1, char_start, NULL, 0);
  if (n == 0)
    corpus->n_tokens = mark;
  return n > 0;
}

void
bagu_tokenize_document (BaguCorpus *corpus, guint doc_index)
{
  const BaguDocument *doc;
  const BaguNoise *skip = NULL;
  const char *text;
  guint k = 0;

  g_return_if_fail (corpus != NULL);
  g_return_if_fail (doc_index < corpus->documents->len);

  doc = bagu_corpus_document (corpus, doc_index);
  text = bagu_document_text (corpus, doc);
  if (doc->n_noise > 0)
    skip = bagu_corpus_noise (corpus, doc->first_noise);

  for (guint i = 0; i < doc->n_paragraphs; i++)
    {
      BaguParagraph *para = bagu_corpus_paragraph (corpus, doc->first_paragraph + i);

      /* Noise that ends before this paragraph ends before all later ones:
       * do not rescan it for every paragraph of a long document. */
      while (k < doc->n_noise && skip[k].byte_end <= para->byte_start)
        k++;

      /* Noise inside a paragraph interrupts it: a separator stands where
       * it was, so that no match runs across text that is not the
       * document's. */
      para->first_token = corpus->n_tokens;
      {
        gsize at = para->byte_start;
        guint32 at_char = para->start;
        guint32 sep_at = para->start;
        gboolean pending = FALSE;

        for (; k < doc->n_noise && skip[k].byte_start < para->byte_end; k++)
          {
            const BaguNoise *noise = &skip[k];

            if (noise->byte_start > at)
              pending = tokenize_piece (corpus, text, at, noise->byte_start, at_char,
                                        pending, sep_at) || pending;
            sep_at = noise->start;
            if (noise->byte_end > at)
              {
                at = noise->byte_end;
                at_char = noise->end;
              }
          }
        if (para->byte_end > at)
          tokenize_piece (corpus, text, at, para->byte_end, at_char, pending, sep_at);
      }
      para->n_tokens = corpus->n_tokens - para->first_token;
      emit (corpus, BAGU_TOKEN_SEP, para->end, para->end);
    }
}

char *
bagu_token_to_string (const BaguCorpus *corpus, guint32 token)
{
  char buf[8];
  gint len;

  g_return_val_if_fail (corpus != NULL, NULL);

  switch (token)
    {
    case BAGU_TOKEN_SEP:
      return g_strdup ("<SEP>");
    case BAGU_TOKEN_NUM:
      return g_strdup ("<NUM>");
    case BAGU_TOKEN_SLOT:
      return g_strdup ("<SLOT>");
    default:
      break;
    }

  if (BAGU_TOKEN_IS_WORD (token))
    {
      guint32 index = token - BAGU_TOKEN_WORD_BASE;

      g_return_val_if_fail (index < corpus->words->len, NULL);
      return g_strdup (g_ptr_array_index (corpus->words, index));
    }

  len = g_unichar_to_utf8 (token, buf);
  return g_strndup (buf, len);
}
