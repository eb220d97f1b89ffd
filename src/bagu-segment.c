/* bagu-segment.c: documents, paragraphs and noise spans of a source text. */
#include "config.h"

#include <string.h>

#include "bagu-segment.h"
#include "bagu-utf8.h"

typedef struct {
  gsize b0, b1;          /* bytes of the line in the source, terminator excluded */
  guint32 c0, c1;        /* the same in characters */
  gsize content_b0;      /* first and past-last byte of content (not noise, */
  gsize content_b1;      /* not white space); equal when there is none */
  guint page;            /* the page number that starts the line, or 0 */
  gsize page_b1;         /* where that page number's match ends */
  guint page_run;        /* 1-based id of the run of page-broken lines, or 0 */
  gboolean blank;        /* only white space */
} Line;

typedef struct {
  gsize b0, b1;          /* bytes in the source */
  guint line;            /* spans never cross a line end */
  const char *rule;
} Span;

/* Splits text into lines at LF, CRLF and CR. */
static GArray *
split_lines (const char *text, gsize len)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (Line));
  gsize b = 0;
  guint32 c = 0;

  while (b < len || (b == len && lines->len == 0))
    {
      Line line = { 0 };
      const char *lf = memchr (text + b, '\n', len - b);
      gsize e = lf != NULL ? (gsize) (lf - text) : len;
      const char *cr = memchr (text + b, '\r', e - b);
      guint32 nc;

      /* Two memchr scans and a count eight bytes at a time, not a test a
       * byte. */
      if (cr != NULL)
        e = cr - text;
      nc = (guint32) bagu_utf8_length (text + b, e - b);
      line.b0 = b;
      line.b1 = e;
      line.c0 = c;
      line.c1 = c + nc;
      g_array_append_val (lines, line);
      c += nc;
      if (e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n')
        {
          b = e + 2;
          c += 2;
        }
      else if (e < len)
        {
          b = e + 1;
          c += 1;
        }
      else
        break;
    }
  return lines;
}

static gboolean
is_space_at (const char *p)
{
  gunichar ch = g_utf8_get_char (p);

  return g_unichar_isspace (ch) || ch == 0xFEFF || ch == 0x200B;
}

static gboolean
line_is_blank (const char *text, const Line *line)
{
  for (const char *p = text + line->b0; p < text + line->b1; p = g_utf8_next_char (p))
    if (!is_space_at (p))
      return FALSE;
  return TRUE;
}

/* Matches a rule against one line from @from; returns the match extent in
 * source bytes, and leaves its groups in @md.  The text was made valid
 * UTF-8 when it was read, so it is not checked again on every call. */
static gboolean
match_line (const BaguNoiseRule *rule, pcre2_match_data *md, const char *text,
            const Line *line, gsize from, gsize *b0, gsize *b1)
{
  PCRE2_SIZE *ovector;

  if (!bagu_noise_rule_match (rule, text + line->b0, line->b1 - line->b0, from - line->b0, md))
    return FALSE;
  ovector = pcre2_get_ovector_pointer (md);
  *b0 = line->b0 + ovector[0];
  *b1 = line->b0 + ovector[1];
  return TRUE;
}

/* Match data with room for the groups of every rule, for one source. */
static pcre2_match_data *
match_data_new (const BaguNoiseRules *rules)
{
  guint32 most = 0;

  for (guint r = 0; rules != NULL && r < rules->rules->len; r++)
    {
      const BaguNoiseRule *rule = g_ptr_array_index (rules->rules, r);
      guint32 groups = 0;

      pcre2_pattern_info (rule->code, PCRE2_INFO_CAPTURECOUNT, &groups);
      most = MAX (most, groups);
    }
  return pcre2_match_data_create (most + 1, NULL);
}

/* The number captured by group 1 of the page or article match in @md. */
static guint
captured_number (const char *text, const Line *line, pcre2_match_data *md)
{
  PCRE2_SIZE *ovector = pcre2_get_ovector_pointer (md);

  if (pcre2_get_ovector_count (md) < 2 || ovector[2] == PCRE2_UNSET)
    return 0;
  return bagu_noise_parse_number (text + line->b0 + ovector[2], ovector[3] - ovector[2]);
}

/* A rule's name as the corpus keeps it: interned when a span is made. */
static const char *
interned_name (BaguCorpus *corpus, const BaguNoiseRule *rule)
{
  return g_string_chunk_insert_const (corpus->strings, rule->name);
}

static void
add_span (GArray *spans, gsize b0, gsize b1, guint line, const char *rule)
{
  Span span = { b0, b1, line, rule };

  if (b1 > b0)
    g_array_append_val (spans, span);
}

static int
compare_spans (gconstpointer a, gconstpointer b)
{
  const Span *x = a, *y = b;

  if (x->b0 != y->b0)
    return x->b0 < y->b0 ? -1 : 1;
  /* The longer span first, so that it swallows the shorter one. */
  return x->b1 > y->b1 ? -1 : x->b1 < y->b1;
}

/* Sorts spans and drops those that overlap one kept before them. */
static void
normalize_spans (GArray *spans)
{
  guint kept = 0;

  g_array_sort (spans, compare_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = &g_array_index (spans, Span, i);

      if (kept > 0 && span->b0 < g_array_index (spans, Span, kept - 1).b1)
        continue;
      g_array_index (spans, Span, kept++) = *span;
    }
  g_array_set_size (spans, kept);
}

/* The extent of a line without its leading and trailing white space. */
static void
trim_line (const char *text, const Line *line, gsize *b0, gsize *b1)
{
  const char *p = text + line->b0;
  const char *end = text + line->b1;
  const char *last = p;

  while (p < end && is_space_at (p))
    p = g_utf8_next_char (p);
  *b0 = p - text;
  for (; p < end; p = g_utf8_next_char (p))
    if (!is_space_at (p))
      last = g_utf8_next_char (p);
  *b1 = MAX ((gsize) (last - text), *b0);
}

/* Finds the content of each line: the first and last byte that is neither
 * white space nor inside a noise span.  Spans are sorted, never overlap and
 * never cross a line end.  The line is read from each end up to its first
 * and last content character: the middle, most of it, is not decoded. */
static void
find_content (const char *text, GArray *lines, guint from, guint to, const GArray *spans)
{
  const Span *sp = (const Span *) spans->data;
  guint s = 0;

  for (guint i = from; i < to; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      gsize b = line->b0, e = line->b1;
      guint k, end;

      line->content_b0 = line->content_b1 = line->b0;
      if (line->blank)
        continue;
      while (s < spans->len && sp[s].b1 <= line->b0)
        s++;
      for (end = s; end < spans->len && sp[end].b0 < line->b1; end++)
        ;
      /* The first character outside the spans that is not white space. */
      for (k = s; b < line->b1;)
        {
          if (k < end && sp[k].b0 <= b)
            {
              b = sp[k++].b1;
              continue;
            }
          if (!is_space_at (text + b))
            break;
          b = g_utf8_next_char (text + b) - text;
        }
      if (b >= line->b1)
        continue;
      /* And the last, which is found, at the latest, at b. */
      for (k = end; e > b;)
        {
          gsize c = g_utf8_prev_char (text + e) - text;

          if (k > s && sp[k - 1].b1 >= e)
            {
              e = sp[--k].b0;
              continue;
            }
          if (!is_space_at (text + c))
            break;
          e = c;
        }
      line->content_b0 = b;
      line->content_b1 = e;
    }
}

/* Whether text[b0, b1) ends with a sentence stop (a closing quote or bracket
 * after a stop counts too). */
static gboolean
ends_sentence (const char *text, gsize b0, gsize b1)
{
  const char *p;
  gunichar c;

  if (b1 == b0)
    return TRUE;
  p = g_utf8_prev_char (text + b1);
  c = g_utf8_get_char (p);
  if ((c == 0x201D || c == 0x300D || c == 0x300F || c == '"' || c == 0xFF09 || c == ')')
      && p > text + b0)
    c = g_utf8_get_char (g_utf8_prev_char (p));
  return (c < 0x80 && c != 0 && strchr (".!?;:", (int) c) != NULL)
         || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B
         || c == 0xFF1A || c == 0x2026;
}

static int
compare_guint32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* The lines of text, each marked blank or not. */
static GArray *
split_marked_lines (const char *text, gsize len)
{
  GArray *lines = split_lines (text, len);

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);

      line->blank = line_is_blank (text, line);
    }
  return lines;
}

static BaguParagraphMode
detect_mode (const char *text, const GArray *lines)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n_content = 0, n_inner = 0, n_near = 0, n_blank = 0, n_stop = 0;
  guint32 width;

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);

      if (line->blank)
        n_blank++;
      else
        {
          guint32 w = line->c1 - line->c0;
          g_array_append_val (widths, w);
          n_content++;
        }
    }
  if (n_content < 4 || n_blank == 0)
    return BAGU_PARAGRAPHS_LINES;

  /* The wrap width: the 90th percentile of line lengths, so that one long
   * line (a table, a URL) does not set it. */
  g_array_sort (widths, compare_guint32);
  width = g_array_index (widths, guint32, (widths->len * 9) / 10);
  if (width < 20 || width > 160)
    return BAGU_PARAGRAPHS_LINES;

  /* Lines followed by another non-blank line continue a block; in wrapped
   * text they are the many, they end near the wrap width, and mostly in
   * the middle of a sentence.  A list of short one-line paragraphs can have
   * the first two properties, but not the third. */
  for (guint i = 0; i + 1 < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      const Line *next = &g_array_index (lines, Line, i + 1);
      gsize b0, b1;

      if (line->blank || next->blank)
        continue;
      n_inner++;
      if ((line->c1 - line->c0) * 10 >= width * 6)
        n_near++;
      trim_line (text, line, &b0, &b1);
      if (ends_sentence (text, b0, b1))
        n_stop++;
    }
  if (n_inner * 2 >= n_content && n_near * 10 >= n_inner * 7 && n_stop * 2 < n_inner)
    return BAGU_PARAGRAPHS_BLOCKS;
  return BAGU_PARAGRAPHS_LINES;
}

BaguParagraphMode
bagu_segment_detect_mode (const char *text, gsize len)
{
  g_autoptr(GArray) lines = split_marked_lines (text, len);

  return detect_mode (text, lines);
}

/* Marks runs of page-broken lines: consecutive content lines numbered n,
 * n+1, … whose breaks fall mostly mid-sentence.  A numbered list (1、… 。
 * 2、… 。) breaks at sentence ends and is left alone. */
static void
find_page_runs (const char *text, GArray *lines, guint from, guint to,
                GArray *spans, const char *rule_name)
{
  guint run_id = 0;
  guint i = from;

  while (i < to)
    {
      Line *first = &g_array_index (lines, Line, i);
      guint prev = i, n = 1, mid = 0, end = i + 1;

      if (first->page == 0)
        {
          i++;
          continue;
        }
      for (guint j = i + 1; j < to; j++)
        {
          Line *line = &g_array_index (lines, Line, j);
          Line *before = &g_array_index (lines, Line, prev);

          if (line->blank || line->content_b1 == line->content_b0)
            continue;
          if (line->page != before->page + 1)
            break;
          if (!ends_sentence (text, before->content_b0, before->content_b1))
            mid++;
          n++;
          prev = j;
          end = j + 1;
        }
      if (n >= 2 && mid * 2 > n - 1)
        {
          run_id++;
          for (guint j = i; j < end; j++)
            {
              Line *line = &g_array_index (lines, Line, j);

              if (line->page == 0 || line->blank)
                continue;
              line->page_run = run_id;
              add_span (spans, line->b0, line->page_b1, j, rule_name);
            }
        }
      i = end;
    }
}

static guint32
char_offset (const char *text, const Line *line, gsize b)
{
  return line->c0 + (guint32) bagu_utf8_length (text + line->b0, b - line->b0);
}

static char *
make_title (const char *text, gsize b0, gsize b1)
{
  const char *p = text + b0;
  const char *end = text + b1;
  guint n = 0;

  /* A title is the heading, or the first sentence of a run-on first line. */
  while (p < end && n < 80)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x3002 && n > 0)
        break;
      p = g_utf8_next_char (p);
      n++;
    }
  return g_strndup (text + b0, p - (text + b0));
}

typedef struct {
  const char *rule;    /* the name of the article rule that matched */
  guint line;          /* the heading line */
  gsize match_b0;
  gsize match_b1;
  guint number;
} Article;

/* Finds article headings numbered 1, 2, 3 … from the top of the text. */
static GArray *
find_articles (const char *text, const GArray *lines, const BaguNoiseRule *rule,
               pcre2_match_data *md)
{
  g_autoptr(GArray) articles = g_array_new (FALSE, FALSE, sizeof (Article));

  for (guint i = 0; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      Article article = { rule->name, i, 0, 0, 0 };

      if (line->blank
          || !match_line (rule, md, text, line, line->b0, &article.match_b0, &article.match_b1)
          || article.match_b0 != line->b0)
        continue;
      article.number = captured_number (text, line, md);
      if (article.number != articles->len + 1)
        return NULL;
      g_array_append_val (articles, article);
    }
  return articles->len >= 2 ? g_steal_pointer (&articles) : NULL;
}

static void
segment_document (BaguCorpus *corpus, guint source_index, GArray *lines,
                  guint from, guint to, const Article *article,
                  const BaguNoiseRules *rules, pcre2_match_data *md)
{
  BaguSource *source = bagu_corpus_source (corpus, source_index);
  const char *text = source->text;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  const char *page_rule = NULL;
  BaguDocument doc = { 0 };
  guint doc_index = corpus->documents->len;
  gsize title_b0 = 0, title_b1 = 0;
  guint current_run = 0;
  gboolean in_block = FALSE;
  const Line *first_line = &g_array_index (lines, Line, from);

  doc.source = source_index;
  doc.article = article != NULL ? article->number : 0;
  doc.byte_start = from == 0 ? 0 : first_line->b0;
  doc.char_start = from == 0 ? 0 : first_line->c0;
  if (to < lines->len)
    doc.byte_end = g_array_index (lines, Line, to).b0;
  else
    doc.byte_end = source->text_len;
  doc.n_chars = bagu_utf8_length (text + doc.byte_start, doc.byte_end - doc.byte_start);

  for (guint i = from; i < to; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      gboolean whole = FALSE;
      gsize scan_from = line->b0;

      if (line->blank)
        continue;
      if (article != NULL && i == article->line)
        {
          add_span (spans, article->match_b0, article->match_b1, i,
                    g_string_chunk_insert_const (corpus->strings, article->rule));
          scan_from = article->match_b1;
          trim_line (text, line, &title_b0, &title_b1);
          title_b0 = MAX (title_b0, article->match_b1);
          if (title_b0 >= title_b1)
            title_b0 = title_b1 = 0;   /* a bare heading: the title comes next */
        }
      for (guint r = 0; rules != NULL && r < rules->rules->len && !whole; r++)
        {
          const BaguNoiseRule *rule = g_ptr_array_index (rules->rules, r);
          gsize b0, b1;

          switch (rule->kind)
            {
            case BAGU_NOISE_RULE_LINE:
              if (scan_from == line->b0 && match_line (rule, md, text, line, line->b0, &b0, &b1))
                {
                  gsize t0, t1;

                  trim_line (text, line, &t0, &t1);
                  add_span (spans, t0, t1, i, interned_name (corpus, rule));
                  whole = TRUE;
                }
              break;
            case BAGU_NOISE_RULE_SPAN:
              for (gsize at = scan_from;
                   at < line->b1 && match_line (rule, md, text, line, at, &b0, &b1);
                   at = b1 > b0 ? b1 : (gsize) (g_utf8_next_char (text + b1) - text))
                add_span (spans, b0, b1, i, interned_name (corpus, rule));
              break;
            case BAGU_NOISE_RULE_PAGE:
              if (line->page == 0 && match_line (rule, md, text, line, scan_from, &b0, &b1)
                  && b0 == scan_from)
                {
                  line->page = captured_number (text, line, md);
                  line->page_b1 = b1;
                  page_rule = interned_name (corpus, rule);
                }
              break;
            case BAGU_NOISE_RULE_ARTICLE:
              break;
            }
        }
      if (whole)
        line->page = 0;
    }

  normalize_spans (spans);
  find_content (text, lines, from, to, spans);
  if (page_rule != NULL)
    {
      find_page_runs (text, lines, from, to, spans, page_rule);
      normalize_spans (spans);
      find_content (text, lines, from, to, spans);
    }

  /* Paragraphs. */
  doc.first_paragraph = corpus->paragraphs->len;
  for (guint i = from; i < to; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      gboolean joins;

      if (line->blank)
        {
          in_block = FALSE;
          continue;
        }
      if (line->content_b1 == line->content_b0)
        continue;   /* noise only: neither a paragraph nor a break */
      if (source->mode == BAGU_PARAGRAPHS_BLOCKS)
        joins = in_block;
      else
        joins = line->page_run != 0 && line->page_run == current_run;
      if (joins && corpus->paragraphs->len > doc.first_paragraph)
        {
          BaguParagraph *p = bagu_corpus_paragraph (corpus, corpus->paragraphs->len - 1);

          p->byte_end = line->content_b1 - doc.byte_start;
          p->end = char_offset (text, line, line->content_b1) - doc.char_start;
        }
      else
        {
          BaguParagraph p = { 0 };

          p.doc = doc_index;
          p.byte_start = line->content_b0 - doc.byte_start;
          p.byte_end = line->content_b1 - doc.byte_start;
          p.start = char_offset (text, line, line->content_b0) - doc.char_start;
          p.end = char_offset (text, line, line->content_b1) - doc.char_start;
          g_array_append_val (corpus->paragraphs, p);
          if (title_b1 == title_b0)
            {
              title_b0 = line->content_b0;
              title_b1 = line->content_b1;
            }
        }
      in_block = TRUE;
      current_run = line->page_run;
    }
  doc.n_paragraphs = corpus->paragraphs->len - doc.first_paragraph;

  doc.first_noise = corpus->noise->len;
  for (guint k = 0; k < spans->len; k++)
    {
      const Span *span = &g_array_index (spans, Span, k);
      const Line *line = &g_array_index (lines, Line, span->line);
      BaguNoise noise = { 0 };

      noise.doc = doc_index;
      noise.byte_start = span->b0 - doc.byte_start;
      noise.byte_end = span->b1 - doc.byte_start;
      noise.start = char_offset (text, line, span->b0) - doc.char_start;
      noise.end = char_offset (text, line, span->b1) - doc.char_start;
      noise.rule = span->rule;
      g_array_append_val (corpus->noise, noise);
    }
  doc.n_noise = corpus->noise->len - doc.first_noise;
  doc.title = make_title (text, title_b0, title_b1);
  g_array_append_val (corpus->documents, doc);
}

void
bagu_segment_source (BaguCorpus *corpus, guint source_index,
                     const BaguSegmentOptions *options)
{
  BaguSource *source = bagu_corpus_source (corpus, source_index);
  g_autoptr(GArray) lines = split_marked_lines (source->text, source->text_len);
  g_autoptr(GArray) articles = NULL;
  const BaguNoiseRules *rules = options->rules;
  pcre2_match_data *md = match_data_new (rules);

  source->mode = options->mode != BAGU_PARAGRAPHS_AUTO
                 ? options->mode
                 : detect_mode (source->text, lines);

  for (guint r = 0; rules != NULL && r < rules->rules->len && articles == NULL; r++)
    {
      const BaguNoiseRule *rule = g_ptr_array_index (rules->rules, r);

      if (rule->kind == BAGU_NOISE_RULE_ARTICLE)
        articles = find_articles (source->text, lines, rule, md);
    }

  source->first_doc = corpus->documents->len;
  if (articles == NULL)
    segment_document (corpus, source_index, lines, 0, lines->len, NULL, rules, md);
  else
    for (guint k = 0; k < articles->len; k++)
      {
        const Article *article = &g_array_index (articles, Article, k);
        guint from = k == 0 ? 0 : article->line;
        guint to = k + 1 < articles->len
                   ? g_array_index (articles, Article, k + 1).line
                   : lines->len;

        segment_document (corpus, source_index, lines, from, to, article, rules, md);
      }
  source->n_docs = corpus->documents->len - source->first_doc;
  pcre2_match_data_free (md);
}
