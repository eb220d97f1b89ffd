/* test-gen.c: the synthetic corpus generator: determinism, truth offsets, edit rate, single-use templates. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "bagu-synth.h"
#include "bagu-corpus.h"
#include "bagu-load.h"

typedef struct {
  char *doc;
  guint paragraph;
  guint start, end;
  gboolean is_template;
  guint template_id;
  guint edits;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->doc);
  g_free (row);
}

typedef struct {
  char *dir;        /* scratch, removed by teardown */
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->dir = g_dir_make_tmp ("bagu-gen-XXXXXX", NULL);
  assert_non_null (f->dir);
  *state = f;
  return 0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f);
  return 0;
}

static void
options_for_tests (BaguSynthOptions *options, BaguSynthRegister reg, guint n_docs)
{
  static char *samples, *rules, *man;

  if (samples == NULL)
    {
      samples = test_srcpath ("samples", NULL);
      rules = test_srcpath ("templates", "noise.rules", NULL);
      man = test_srcpath ("tests", "data", "bench", "man", NULL);
    }
  bagu_synth_options_init (options);
  options->samples_dir = samples;
  options->noise_rules = rules;
  options->manpages_dir = man;
  options->reg = reg;
  options->n_docs = n_docs;
}

/* Generates into DIR/NAME and DIR/NAME.truth.tsv; returns the truth's path. */
static char *
generate (const Fixture *f, const BaguSynthOptions *options, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSynthPool) pool = bagu_synth_pool_new (options, &error);
  g_autofree char *dir = g_build_filename (f->dir, name, NULL);
  g_autofree char *truth = g_strconcat (dir, ".truth.tsv", NULL);
  BaguSynthStats stats;

  assert_null (error);
  assert_non_null (pool);
  assert_true (bagu_synth_write_corpus (pool, options, dir, truth, &stats, &error));
  assert_null (error);
  assert_int_equal (stats.n_docs, options->n_docs);
  return g_steal_pointer (&truth);
}

static GPtrArray *
read_truth (const char *path)
{
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (row_free);

  assert_true (g_file_get_contents (path, &data, NULL, NULL));
  lines = g_strsplit (data, "\n", -1);
  assert_string_equal (lines[0], "doc\tparagraph\tstart\tend\tkind\ttemplate\tedits");
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      Row *row = g_new0 (Row, 1);

      assert_int_equal (g_strv_length (fields), 7);
      row->doc = g_strdup (fields[0]);
      row->paragraph = atoi (fields[1]);
      row->start = atoi (fields[2]);
      row->end = atoi (fields[3]);
      assert_true (strcmp (fields[4], "template") == 0 || strcmp (fields[4], "specific") == 0);
      row->is_template = strcmp (fields[4], "template") == 0;
      row->template_id = atoi (fields[5]);
      row->edits = atoi (fields[6]);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static char *
read_doc (const Fixture *f, const char *corpus, const char *doc)
{
  g_autofree char *path = g_build_filename (f->dir, corpus, doc, NULL);
  char *text = NULL;

  assert_true (g_file_get_contents (path, &text, NULL, NULL));
  assert_true (g_utf8_validate (text, -1, NULL));
  return text;
}

/* Whether two corpora are the same bytes, file by file. */
static gboolean
same_corpus (const Fixture *f, const char *a, const char *b)
{
  g_autofree char *da = g_build_filename (f->dir, a, NULL);
  g_autoptr(GDir) dir = g_dir_open (da, 0, NULL);
  g_autofree char *ta = g_strconcat (da, ".truth.tsv", NULL);
  g_autofree char *tb = g_strconcat (f->dir, "/", b, ".truth.tsv", NULL);
  g_autofree char *truth_a = NULL, *truth_b = NULL;
  const char *name;
  guint n = 0;

  assert_true (g_file_get_contents (ta, &truth_a, NULL, NULL));
  assert_true (g_file_get_contents (tb, &truth_b, NULL, NULL));
  if (strcmp (truth_a, truth_b) != 0)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *x = read_doc (f, a, name);
      g_autofree char *pb = g_build_filename (f->dir, b, name, NULL);
      g_autofree char *y = NULL;

      if (!g_file_get_contents (pb, &y, NULL, NULL) || strcmp (x, y) != 0)
        return FALSE;
      n++;
    }
  assert_true (n > 0);
  return TRUE;
}

static void
collect_sentence (const char *sentence, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup (sentence));
}

static void
test_split_sentences (void **state)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  bagu_synth_split_sentences ("甲乙。“丙丁！”戊己；庚辛;壬癸？子丑", collect_sentence, out);
  assert_int_equal (out->len, 5);
  assert_string_equal (g_ptr_array_index (out, 0), "甲乙。");
  assert_string_equal (g_ptr_array_index (out, 1), "“丙丁！”");
  assert_string_equal (g_ptr_array_index (out, 2), "戊己；");
  assert_string_equal (g_ptr_array_index (out, 3), "庚辛;");
  assert_string_equal (g_ptr_array_index (out, 4), "壬癸？");
}

static void
test_troff (void **state)
{
  const char *troff =
    ".\\\" a comment\n"
    ".TH DEMO 1\n"
    ".SH 名称\n"
    "demo \\- 演示\n"
    ".SH 描述\n"
    ".PP\n"
    "读取\\fB文件\\fP的内容。\n"
    "与\n"
    ".B \\-l\n"
    "同时使用\n"
    ".BR ls (1)\n"
    ".nf\n"
    "code \\fIline\\fP\n"
    ".fi\n"
    "\n"
    "第二段\\(lq引号\\(rq\\&。\n";
  g_autofree char *text = bagu_synth_troff_to_text (troff, strlen (troff));

  assert_string_equal (text,
                       "demo - 演示\n"
                       "读取文件的内容。 与 -l 同时使用 ls(1)\n"
                       "第二段“引号”。\n");
}

static guint
levenshtein (const gunichar *a, glong n, const gunichar *b, glong m)
{
  g_autofree guint *row = g_new (guint, m + 1);

  for (glong j = 0; j <= m; j++)
    row[j] = j;
  for (glong i = 1; i <= n; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (glong j = 1; j <= m; j++)
        {
          guint up = row[j];
          guint best = diagonal + (a[i - 1] != b[j - 1]);

          best = MIN (best, up + 1);
          best = MIN (best, row[j - 1] + 1);
          row[j] = best;
          diagonal = up;
        }
    }
  return row[m];
}

static void
test_copy (void **state)
{
  BaguSynthOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSynthPool) pool = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *filled = NULL;
  g_autofree char *same = NULL;
  g_autofree char *edited = NULL;
  g_autofree gunichar *a = NULL, *b = NULL;
  glong n = 0, m = 0;
  BaguRng rng;
  guint edits = 99, distance;

  options_for_tests (&options, BAGU_SYNTH_HARD, 10);
  pool = bagu_synth_pool_new (&options, &error);
  assert_non_null (pool);
  bagu_rng_init (&rng, 42);

  /* Without edits: placeholders filled, numbers renewed, nothing else. */
  filled = bagu_synth_copy (pool, &rng, "XX党委召开会议3次，xx镇、*单位和Xbox。", 0.0, "城关镇", &edits);
  assert_int_equal (edits, 0);
  assert_non_null (strstr (filled, "城关镇党委召开会议"));
  assert_non_null (strstr (filled, "次，城关镇镇、城关镇单位和Xbox。"));
  assert_null (strchr (filled, '*'));
  assert_true (g_ascii_isdigit (filled[strlen ("城关镇党委召开会议")]));

  /* With edits: as many as the rate says, and each one shows. */
  for (guint i = 0; i < 50; i++)
    g_string_append (long_text, "宣传思想工作意识形态领域责任制落实到位");
  same = bagu_synth_copy (pool, &rng, long_text->str, 0.0, "某单位", &edits);
  assert_string_equal (same, long_text->str);
  edited = bagu_synth_copy (pool, &rng, long_text->str, 0.05, "某单位", &edits);
  /* 1000 characters at 5%: 50 expected, far outside this range by chance
   * only once in millions. */
  assert_in_range (edits, 25, 80);
  a = g_utf8_to_ucs4_fast (long_text->str, -1, &n);
  b = g_utf8_to_ucs4_fast (edited, -1, &m);
  distance = levenshtein (a, n, b, m);
  assert_true (distance <= edits);
  assert_true (distance * 2 >= edits);
}

static void
test_determinism (void **state)
{
  Fixture *f = *state;
  BaguSynthOptions options;
  g_autofree char *t1 = NULL, *t2 = NULL, *t3 = NULL;

  options_for_tests (&options, BAGU_SYNTH_HARD, 25);
  options.seed = 7;
  t1 = generate (f, &options, "one");
  t2 = generate (f, &options, "two");
  options.seed = 8;
  t3 = generate (f, &options, "three");
  assert_true (same_corpus (f, "one", "two"));
  assert_false (same_corpus (f, "one", "three"));
}

/* The truth's offsets are code points of the file: the sentences of a
 * paragraph tile its line, each ends with its mark, and a template copied
 * without edits is its stock text. */
static void
test_truth_offsets (void **state)
{
  Fixture *f = *state;
  BaguSynthOptions options;
  g_autofree char *truth = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(BaguSynthPool) pool = NULL;
  g_autofree char *current = NULL;
  g_autofree gunichar *text = NULL;
  glong n_chars = 0;
  guint line_start = 0, checked_copies = 0, n_docs = 0;
  gboolean first_in_line = TRUE;

  options_for_tests (&options, BAGU_SYNTH_EASY, 30);
  options.edit_rate = 0;
  truth = generate (f, &options, "offsets");
  pool = bagu_synth_pool_new (&options, NULL);
  rows = read_truth (truth);
  assert_true (rows->len > 30 * 3);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);
      const Row *next = i + 1 < rows->len ? g_ptr_array_index (rows, i + 1) : NULL;
      g_autofree char *sentence = NULL;
      gunichar last;
      guint k;

      if (current == NULL || strcmp (current, row->doc) != 0)
        {
          g_autofree char *raw = read_doc (f, "offsets", row->doc);

          g_free (current);
          current = g_strdup (row->doc);
          g_free (text);
          text = g_utf8_to_ucs4_fast (raw, -1, &n_chars);
          line_start = 0;
          first_in_line = TRUE;
          n_docs++;
          assert_int_equal (row->paragraph, 0);
        }
      assert_true (row->start < row->end && row->end <= n_chars);
      if (first_in_line)
        assert_int_equal (row->start, line_start);
      else
        assert_int_equal (((const Row *) g_ptr_array_index (rows, i - 1))->end, row->start);
      first_in_line = FALSE;
      for (k = row->start; k < row->end; k++)
        assert_true (text[k] != '\n');
      /* The end mark, perhaps followed by closing quotes. */
      k = row->end - 1;
      while (k > row->start && (text[k] == 0x201D || text[k] == 0xFF09 || text[k] == ')'))
        k--;
      last = text[k];
      assert_true (last == 0x3002 || last == 0xFF01 || last == 0xFF1F || last == 0xFF1B || last == ';');
      /* The last sentence of a paragraph ends its line. */
      if (next == NULL || strcmp (next->doc, row->doc) != 0 || next->paragraph != row->paragraph)
        {
          assert_int_equal (text[row->end], '\n');
          line_start = row->end + 1;
          first_in_line = TRUE;
          if (next != NULL && strcmp (next->doc, row->doc) == 0)
            assert_int_equal (next->paragraph, row->paragraph + 1);
        }
      sentence = g_ucs4_to_utf8 (text + row->start, row->end - row->start, NULL, NULL, NULL);
      if (row->template_id != 0)
        {
          const char *stock = bagu_synth_pool_template (pool, row->template_id);

          assert_int_equal (row->edits, 0);
          /* Stock text without numbers or placeholders is copied as is. */
          if (strpbrk (stock, "0123456789Xx*") == NULL && strstr (stock, "×") == NULL)
            {
              assert_string_equal (sentence, stock);
              checked_copies++;
            }
        }
    }
  assert_int_equal (n_docs, 30);
  assert_true (checked_copies > 50);
}

/* What bagu's own segmenter sees in a generated corpus: no noise, and the
 * truth's paragraphs exactly. */
static void
test_bagu_sees_the_paragraphs (void **state)
{
  Fixture *f = *state;
  BaguSynthOptions options;
  g_autofree char *truth = NULL;
  g_autofree char *dir = g_build_filename (f->dir, "segment", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(BaguCorpus) corpus = bagu_corpus_new ();
  g_autoptr(BaguNoiseRules) rules = bagu_noise_rules_new ();
  g_autoptr(GError) error = NULL;
  const char *paths[1];
  BaguLoadOptions load = { BAGU_PARAGRAPHS_AUTO, NULL, 0, 0 };
  guint p = 0;

  options_for_tests (&options, BAGU_SYNTH_HARD, 40);
  options.edit_rate = 0.1;
  truth = generate (f, &options, "segment");
  rows = read_truth (truth);
  assert_true (bagu_noise_rules_add_file (rules, options.noise_rules, &error));
  load.rules = rules;
  paths[0] = dir;
  assert_true (bagu_load_corpus (corpus, paths, 1, &load, NULL, NULL, &error));
  assert_int_equal (corpus->documents->len, 40);
  assert_int_equal (corpus->noise->len, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);
      const Row *next = i + 1 < rows->len ? g_ptr_array_index (rows, i + 1) : NULL;
      const BaguParagraph *para;

      if (next != NULL && strcmp (next->doc, row->doc) == 0 && next->paragraph == row->paragraph)
        continue;
      assert_true (p < corpus->paragraphs->len);
      para = bagu_corpus_paragraph (corpus, p++);
      assert_int_equal (para->end, row->end);
    }
  assert_int_equal (p, corpus->paragraphs->len);
}

static void
test_edit_rate (void **state)
{
  Fixture *f = *state;
  BaguSynthOptions options;
  g_autofree char *truth = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(BaguSynthPool) pool = NULL;
  guint64 han = 0, edits = 0;

  options_for_tests (&options, BAGU_SYNTH_HARD, 40);
  options.edit_rate = 0.1;
  truth = generate (f, &options, "rate");
  pool = bagu_synth_pool_new (&options, NULL);
  rows = read_truth (truth);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);

      if (row->template_id == 0)
        {
          assert_int_equal (row->edits, 0);
          continue;
        }
      for (const char *p = bagu_synth_pool_template (pool, row->template_id); *p; p = g_utf8_next_char (p))
        han += bagu_is_han (g_utf8_get_char (p));
      edits += row->edits;
    }
  assert_true (han > 5000);
  assert_true (edits > han * 0.085 && edits < han * 0.115);
}

/* A template copied into one document only cannot be told from that
 * document's own text: the truth calls it specific. */
static void
test_single_use_is_specific (void **state)
{
  Fixture *f = *state;
  BaguSynthOptions options;
  g_autofree char *truth = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) docs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                      (GDestroyNotify) g_hash_table_unref);
  guint single = 0, shared = 0;

  options_for_tests (&options, BAGU_SYNTH_HARD, 30);
  truth = generate (f, &options, "single");
  rows = read_truth (truth);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);
      GHashTable *set;

      if (row->template_id == 0)
        {
          assert_false (row->is_template);
          continue;
        }
      set = g_hash_table_lookup (docs, GUINT_TO_POINTER (row->template_id));
      if (set == NULL)
        {
          set = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (docs, GUINT_TO_POINTER (row->template_id), set);
        }
      g_hash_table_add (set, row->doc);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = g_ptr_array_index (rows, i);
      GHashTable *set;

      if (row->template_id == 0)
        continue;
      set = g_hash_table_lookup (docs, GUINT_TO_POINTER (row->template_id));
      assert_int_equal (row->is_template, g_hash_table_size (set) >= 2);
      if (row->is_template)
        shared++;
      else
        single++;
    }
  assert_true (single > 0);
  assert_true (shared > single);
}

static void
test_missing_manpages (void **state)
{
  BaguSynthOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSynthPool) pool = NULL;

  options_for_tests (&options, BAGU_SYNTH_EASY, 10);
  options.manpages_dir = "/nonexistent/man/zh_CN";
  pool = bagu_synth_pool_new (&options, &error);
  assert_null (pool);
  assert_error_matches (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_MANPAGES);
  assert_non_null (strstr (error->message, "/nonexistent/man/zh_CN"));
  assert_non_null (strstr (error->message, "manpages-zh"));
}

static void
test_refuses_nonempty_directory (void **state)
{
  Fixture *f = *state;
  BaguSynthOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(BaguSynthPool) pool = NULL;
  g_autofree char *dir = g_build_filename (f->dir, "full", NULL);
  g_autofree char *file = g_build_filename (dir, "keep.txt", NULL);
  g_autofree char *truth = g_build_filename (f->dir, "full.truth.tsv", NULL);
  g_autofree char *kept = NULL;

  options_for_tests (&options, BAGU_SYNTH_HARD, 10);
  pool = bagu_synth_pool_new (&options, &error);
  assert_non_null (pool);
  assert_int_equal (g_mkdir (dir, 0700), 0);
  assert_true (g_file_set_contents (file, "mine", -1, NULL));
  assert_false (bagu_synth_write_corpus (pool, &options, dir, truth, NULL, &error));
  assert_error_matches (error, BAGU_SYNTH_ERROR, BAGU_SYNTH_ERROR_OUTPUT);
  assert_true (g_file_get_contents (file, &kept, NULL, NULL));
  assert_string_equal (kept, "mine");
  assert_false (g_file_test (truth, G_FILE_TEST_EXISTS));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_split_sentences),
    cmocka_unit_test (test_troff),
    cmocka_unit_test (test_copy),
    cmocka_unit_test_setup_teardown (test_determinism, setup, teardown),
    cmocka_unit_test_setup_teardown (test_truth_offsets, setup, teardown),
    cmocka_unit_test_setup_teardown (test_bagu_sees_the_paragraphs, setup, teardown),
    cmocka_unit_test_setup_teardown (test_edit_rate, setup, teardown),
    cmocka_unit_test_setup_teardown (test_single_use_is_specific, setup, teardown),
    cmocka_unit_test (test_missing_manpages),
    cmocka_unit_test_setup_teardown (test_refuses_nonempty_directory, setup, teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
