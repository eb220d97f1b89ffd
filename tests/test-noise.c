/* tests/test-noise.c: unit tests for reading noise rule files and parsing numbers. */
#include "config.h"

#include <string.h>

#include "test-util.h"
#include "bagu-noise.h"

static int
setup_rules (void **state)
{
  *state = bagu_noise_rules_new ();
  return 0;
}

static int
teardown_rules (void **state)
{
  bagu_noise_rules_free (*state);
  return 0;
}

static const BaguNoiseRule *
rule_at (const BaguNoiseRules *rules, guint i)
{
  assert_true (i < rules->rules->len);
  return g_ptr_array_index (rules->rules, i);
}

/* Parses @data, which must fail with @code and a message starting with
 * @prefix, and checks that nothing was appended. */
static void
assert_add_fails (BaguNoiseRules *rules, const char *data, int code, const char *prefix)
{
  g_autoptr(GError) error = NULL;
  guint before = rules->rules->len;

  assert_false (bagu_noise_rules_add_data (rules, data, -1, "test.rules", &error));
  assert_error_matches (error, BAGU_NOISE_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix))
    print_error ("message \"%s\" does not start with \"%s\"\n", error->message, prefix);
  assert_true (g_str_has_prefix (error->message, prefix));
  assert_int_equal (rules->rules->len, before);
}

static void
test_parse_kinds (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  const char *data =
    "line   advert   ^广告\n"
    "span\tmarker\t##x##\n"
    "page page-no ^([0-9]+)、\n"
    "article heading ^第(.+)篇\n";

  assert_true (bagu_noise_rules_add_data (rules, data, -1, "test.rules", &error));
  assert_null (error);
  assert_int_equal (rules->rules->len, 4);

  assert_int_equal (rule_at (rules, 0)->kind, BAGU_NOISE_RULE_LINE);
  assert_string_equal (rule_at (rules, 0)->name, "advert");
  assert_string_equal (g_regex_get_pattern (rule_at (rules, 0)->regex), "^广告");
  assert_int_equal (rule_at (rules, 1)->kind, BAGU_NOISE_RULE_SPAN);
  assert_string_equal (rule_at (rules, 1)->name, "marker");
  assert_string_equal (g_regex_get_pattern (rule_at (rules, 1)->regex), "##x##");
  assert_int_equal (rule_at (rules, 2)->kind, BAGU_NOISE_RULE_PAGE);
  assert_string_equal (rule_at (rules, 2)->name, "page-no");
  assert_int_equal (rule_at (rules, 3)->kind, BAGU_NOISE_RULE_ARTICLE);
  assert_string_equal (rule_at (rules, 3)->name, "heading");
  assert_true (g_regex_match (rule_at (rules, 3)->regex, "第十一篇: 标题", 0, NULL));
}

static void
test_parse_pattern_keeps_spaces (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;

  /* The pattern is the rest of the line, inner white space included. */
  assert_true (bagu_noise_rules_add_data (rules, "span two-words foo bar  baz\n", -1,
                                          "test.rules", &error));
  assert_int_equal (rules->rules->len, 1);
  assert_string_equal (g_regex_get_pattern (rule_at (rules, 0)->regex), "foo bar  baz");
}

static void
test_parse_appends (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;

  assert_true (bagu_noise_rules_add_data (rules, "line a x\n", -1, "one.rules", &error));
  assert_true (bagu_noise_rules_add_data (rules, "span b y\nspan c z", -1, "two.rules", &error));
  assert_int_equal (rules->rules->len, 3);
  assert_string_equal (rule_at (rules, 0)->name, "a");
  assert_string_equal (rule_at (rules, 1)->name, "b");
  assert_string_equal (rule_at (rules, 2)->name, "c");
}

static void
test_parse_comments_blanks_crlf (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  const char *data =
    "# a comment\r\n"
    "\r\n"
    "   \r\n"
    "  # an indented comment\r\n"
    "\t\r\n"
    "line ad ^AD$\r\n"
    "span mark #\r\n"
    "\r\n";

  assert_true (bagu_noise_rules_add_data (rules, data, -1, "crlf.rules", &error));
  assert_null (error);
  assert_int_equal (rules->rules->len, 2);
  /* The CR is not part of the pattern: ^AD$ matches a bare "AD". */
  assert_string_equal (g_regex_get_pattern (rule_at (rules, 0)->regex), "^AD$");
  assert_true (g_regex_match (rule_at (rules, 0)->regex, "AD", 0, NULL));
  /* A '#' inside a pattern is not a comment. */
  assert_string_equal (g_regex_get_pattern (rule_at (rules, 1)->regex), "#");
}

static void
test_parse_empty_data (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;

  assert_true (bagu_noise_rules_add_data (rules, "", -1, "empty.rules", &error));
  assert_true (bagu_noise_rules_add_data (rules, "# nothing\n\n", -1, "empty.rules", &error));
  assert_null (error);
  assert_int_equal (rules->rules->len, 0);
}

static void
test_parse_explicit_length (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  const char *data = "line a x\nline b y\n";

  /* Only the first line is within @len. */
  assert_true (bagu_noise_rules_add_data (rules, data, 9, "len.rules", &error));
  assert_int_equal (rules->rules->len, 1);
  assert_string_equal (rule_at (rules, 0)->name, "a");
  assert_string_equal (g_regex_get_pattern (rule_at (rules, 0)->regex), "x");
}

static void
test_error_syntax (void **state)
{
  BaguNoiseRules *rules = *state;

  /* KIND and NAME but no PATTERN, on line 3 */
  assert_add_fails (rules, "# header\nline ok x\nline lonely\n",
                    BAGU_NOISE_ERROR_SYNTAX, "test.rules:3: ");
  assert_add_fails (rules, "line lonely   \n", BAGU_NOISE_ERROR_SYNTAX, "test.rules:1: ");
  assert_add_fails (rules, "line\n", BAGU_NOISE_ERROR_SYNTAX, "test.rules:1: ");
  assert_add_fails (rules, "\r\n\r\nspan x\r\n", BAGU_NOISE_ERROR_SYNTAX, "test.rules:3: ");
  assert_int_equal (rules->rules->len, 0);
}

static void
test_error_kind (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;

  assert_add_fails (rules, "line a x\n\nparagraph b y\n", BAGU_NOISE_ERROR_KIND, "test.rules:3: ");
  /* Kinds are case-sensitive. */
  assert_add_fails (rules, "LINE a x\n", BAGU_NOISE_ERROR_KIND, "test.rules:1: ");

  assert_false (bagu_noise_rules_add_data (rules, "spam a x", -1, "test.rules", &error));
  assert_non_null (strstr (error->message, "spam"));
}

static void
test_error_pattern (void **state)
{
  BaguNoiseRules *rules = *state;

  assert_add_fails (rules, "line a x\nspan b (unclosed\n", BAGU_NOISE_ERROR_PATTERN,
                    "test.rules:2: ");
  assert_add_fails (rules, "line a [z-a]\n", BAGU_NOISE_ERROR_PATTERN, "test.rules:1: ");
}

static void
test_error_no_capture_group (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;

  assert_add_fails (rules, "page p ^[0-9]+、\n", BAGU_NOISE_ERROR_PATTERN, "test.rules:1: ");
  assert_add_fails (rules, "line a x\narticle h ^第(?:[一二三]+)篇\n",
                    BAGU_NOISE_ERROR_PATTERN, "test.rules:2: ");

  /* line and span rules need no group */
  assert_true (bagu_noise_rules_add_data (rules, "line a ^x\nspan b y", -1, "test.rules", &error));
  assert_int_equal (rules->rules->len, 2);
}

static void
test_error_appends_nothing (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;

  assert_true (bagu_noise_rules_add_data (rules, "line first x\n", -1, "a.rules", &error));
  assert_int_equal (rules->rules->len, 1);
  /* Two good rules before the bad one: none of them is kept. */
  assert_add_fails (rules, "line a x\nspan b y\nbogus c z\n", BAGU_NOISE_ERROR_KIND,
                    "test.rules:3: ");
  assert_int_equal (rules->rules->len, 1);
  assert_string_equal (rule_at (rules, 0)->name, "first");
}

static void
test_error_invalid_utf8 (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  /* GBK bytes of 广告 */
  const char data[] = "line ok x\nline ad ^\xb9\xe3\xb8\xe6\n";
  const char with_nul[] = "line a x\0line b y\n";

  assert_false (bagu_noise_rules_add_data (rules, data, -1, "gbk.rules", &error));
  assert_non_null (error);
  assert_int_equal (error->domain, BAGU_NOISE_ERROR);
  assert_non_null (strstr (error->message, "gbk.rules"));
  assert_int_equal (rules->rules->len, 0);

  assert_false (bagu_noise_rules_add_data (rules, with_nul, sizeof with_nul - 1,
                                           "nul.rules", &error2));
  assert_non_null (error2);
  assert_non_null (strstr (error2->message, "nul.rules"));
  assert_int_equal (rules->rules->len, 0);
}

static void
test_default_file (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_srcpath ("templates", "noise.rules", NULL);
  guint counts[4] = { 0 };
  gboolean has_heading = FALSE, has_page = FALSE, has_advert = FALSE, has_paid = FALSE;

  assert_true (bagu_noise_rules_add_file (rules, path, &error));
  assert_null (error);
  assert_true (rules->rules->len >= 4);
  for (guint i = 0; i < rules->rules->len; i++)
    {
      const BaguNoiseRule *rule = rule_at (rules, i);

      assert_true (rule->kind <= BAGU_NOISE_RULE_ARTICLE);
      counts[rule->kind]++;
      has_heading |= strcmp (rule->name, "compilation-heading") == 0
                     && rule->kind == BAGU_NOISE_RULE_ARTICLE;
      has_page |= strcmp (rule->name, "page-number") == 0 && rule->kind == BAGU_NOISE_RULE_PAGE;
      has_advert |= strcmp (rule->name, "site-advert") == 0 && rule->kind == BAGU_NOISE_RULE_LINE;
      has_paid |= strcmp (rule->name, "paid-marker") == 0 && rule->kind == BAGU_NOISE_RULE_SPAN;
    }
  assert_true (counts[BAGU_NOISE_RULE_LINE] >= 1);
  assert_true (counts[BAGU_NOISE_RULE_SPAN] >= 1);
  assert_true (counts[BAGU_NOISE_RULE_PAGE] >= 1);
  assert_true (counts[BAGU_NOISE_RULE_ARTICLE] >= 1);
  assert_true (has_heading);
  assert_true (has_page);
  assert_true (has_advert);
  assert_true (has_paid);
}

static void
test_default_file_patterns (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_srcpath ("templates", "noise.rules", NULL);

  assert_true (bagu_noise_rules_add_file (rules, path, &error));
  for (guint i = 0; i < rules->rules->len; i++)
    {
      const BaguNoiseRule *rule = rule_at (rules, i);
      g_autoptr(GMatchInfo) info = NULL;

      if (strcmp (rule->name, "compilation-heading") == 0)
        {
          g_autofree char *number = NULL;

          assert_true (g_regex_match (rule->regex, "第十一篇: 标题", 0, &info));
          number = g_match_info_fetch (info, 1);
          assert_string_equal (number, "十一");
          assert_int_equal (bagu_noise_parse_number (number, -1), 11);
        }
      else if (strcmp (rule->name, "page-number") == 0)
        {
          g_autofree char *number = NULL;

          assert_true (g_regex_match (rule->regex, "12、文明创建", 0, &info));
          number = g_match_info_fetch (info, 1);
          assert_string_equal (number, "12");
        }
      else if (strcmp (rule->name, "site-advert") == 0)
        {
          assert_true (g_regex_match (rule->regex, "【哒哒素材库】——每天更新", 0, NULL));
          assert_false (g_regex_match (rule->regex, "加强理论学习【重点】", 0, NULL));
        }
    }
}

/* The segmenter matches with each rule's PCRE2 code, compiled apart
 * from its GRegex: the two must find the same matches, groups included,
 * from any offset (but where a match is too deep for the JIT's stack),
 * on lines with the patterns' own characters, other newlines, and text
 * in the middle of a line.  Rules written for these cases join the
 * default ones. */
static void
test_code_matches_regex (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_srcpath ("templates", "noise.rules", NULL);
  const char *extra = "span crlf a\\Rb\n"
                      "span dollar x$\n"
                      "span dot a.b\n"
                      "line word \\bword\\b\n"
                      "page number ^\\s*(\\d+)\\s*$\n"
                      "span class [\\p{Han}]{2}\n"
                      "span deep (a|b)*c\n";
  const char *lines[] = {
    "第十一篇: 标题", "12、文明创建", "【哒哒素材库】——每天更新", "加强理论学习【重点】",
    "a\r\nb", "a\u2028b", "x\ny", "x\r", "a\nb", "a\xc2\x85" "b", "some word here", "words",
    "  7  ", "７", "\u3000" "8", "一二三四五", "扫码关注公众号，获取更多资料", "第 3 页 共 10 页", "",
    "本文由用户上传，仅供参考", "—— 12 ——", "x", "意识形态工作责任制", NULL,
  };
  g_autofree char *deep = g_strnfill (200000, 'a');
  guint checked = 0;

  /* A match so deep that the JIT's stack does not hold it. */
  deep[199999] = 'c';
  lines[G_N_ELEMENTS (lines) - 1] = deep;
  assert_true (bagu_noise_rules_add_file (rules, path, &error));
  assert_true (bagu_noise_rules_add_data (rules, extra, -1, "extra", &error));
  for (guint i = 0; i < rules->rules->len; i++)
    {
      const BaguNoiseRule *rule = rule_at (rules, i);
      pcre2_match_data *md = pcre2_match_data_create_from_pattern (rule->code, NULL);

      for (guint k = 0; k < G_N_ELEMENTS (lines); k++)
        {
          gsize len = strlen (lines[k]);

          for (gsize from = 0; from <= len; from = g_utf8_next_char (lines[k] + from) - lines[k])
            {
              g_autoptr(GMatchInfo) info = NULL;
              gboolean found;

              /* There GRegex's JIT runs out of stack and it reports no
               * match; the interpreter finds the one there is. */
              if (lines[k] == deep)
                {
                  gboolean is_deep = strcmp (rule->name, "deep") == 0;

                  assert_int_equal (bagu_noise_rule_match (rule, deep, len, 0, md), is_deep);
                  if (is_deep)
                    assert_int_equal (pcre2_get_ovector_pointer (md)[1], len);
                  break;
                }
              found = g_regex_match_full (rule->regex, lines[k], len, from, 0, &info, NULL);
              assert_int_equal (bagu_noise_rule_match (rule, lines[k], len, from, md), found);
              for (int g = 0; found && g <= g_regex_get_capture_count (rule->regex); g++)
                {
                  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (md);
                  int s = -1, e = -1;

                  g_match_info_fetch_pos (info, g, &s, &e);
                  if (s < 0)
                    assert_true ((guint) g >= pcre2_get_ovector_count (md) || ov[2 * g] == PCRE2_UNSET);
                  else
                    {
                      assert_int_equal (ov[2 * g], s);
                      assert_int_equal (ov[2 * g + 1], e);
                    }
                }
              checked += found;
              if (from == len)
                break;
            }
        }
      pcre2_match_data_free (md);
    }
  /* Matches were compared, not only misses. */
  assert_true (checked > 20);
}

static void
test_missing_file (void **state)
{
  BaguNoiseRules *rules = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_srcpath ("tests", "data", "no-such.rules", NULL);

  assert_false (bagu_noise_rules_add_file (rules, path, &error));
  assert_error_matches (error, BAGU_NOISE_ERROR, BAGU_NOISE_ERROR_READ);
  assert_non_null (strstr (error->message, "no-such.rules"));
  assert_int_equal (rules->rules->len, 0);
}

static void
test_parse_number (void **state)
{
  static const struct {
    const char *text;
    guint value;
  } cases[] = {
    { "1", 1 },
    { "12", 12 },
    { "0", 0 },
    { "一", 1 },
    { "九", 9 },
    { "十", 10 },
    { "十一", 11 },
    { "二十", 20 },
    { "二十三", 23 },
    { "一百", 100 },
    { "一百零五", 105 },
    { "一百一十", 110 },
    { "两千", 2000 },
    { "九千九百九十九", 9999 },
    { "一千〇一", 1001 },
    { "第", 0 },
    { "", 0 },
    { "1a", 0 },
    { "a1", 0 },
    { "十篇", 0 },
  };

  (void) state;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint got = bagu_noise_parse_number (cases[i].text, -1);

      if (got != cases[i].value)
        print_error ("input \"%s\"\n", cases[i].text);
      assert_int_equal (got, cases[i].value);
    }

  /* An explicit length stops early. */
  assert_int_equal (bagu_noise_parse_number ("123", 2), 12);
  assert_int_equal (bagu_noise_parse_number ("十一篇", strlen ("十一")), 11);
  assert_int_equal (bagu_noise_parse_number ("1a", 1), 1);
}

int
main (void)
{
  const struct CMUnitTest parse_tests[] = {
    cmocka_unit_test_setup_teardown (test_parse_kinds, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_parse_pattern_keeps_spaces, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_parse_appends, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_parse_comments_blanks_crlf, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_parse_empty_data, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_parse_explicit_length, setup_rules, teardown_rules),
  };
  const struct CMUnitTest error_tests[] = {
    cmocka_unit_test_setup_teardown (test_error_syntax, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_error_kind, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_error_pattern, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_error_no_capture_group, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_error_appends_nothing, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_error_invalid_utf8, setup_rules, teardown_rules),
  };
  const struct CMUnitTest file_tests[] = {
    cmocka_unit_test_setup_teardown (test_default_file, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_default_file_patterns, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_code_matches_regex, setup_rules, teardown_rules),
    cmocka_unit_test_setup_teardown (test_missing_file, setup_rules, teardown_rules),
  };
  const struct CMUnitTest number_tests[] = {
    cmocka_unit_test (test_parse_number),
  };
  int failed = 0;

  failed += cmocka_run_group_tests_name ("parse", parse_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("errors", error_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("file", file_tests, NULL, NULL);
  failed += cmocka_run_group_tests_name ("number", number_tests, NULL, NULL);
  return failed == 0 ? 0 : 1;
}
