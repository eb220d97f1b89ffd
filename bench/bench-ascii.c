/* bench/bench-ascii.c: a copy of a corpus with every CJK character spelled as an ASCII word, for sim_text. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "bagu-bench.h"

/* sim_text takes a word to be a run of letters, digits or bytes above 127,
 * so a run of Chinese would be one word: each ideograph becomes a word of
 * its own ("u4e00"), other non-ASCII characters (punctuation) a space. */
static void
transliterate (GString *out, const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (bagu_is_han (c))
        g_string_append_printf (out, " u%04x ", c);
      else if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_c (out, ' ');
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name;

  if (argc != 3)
    {
      fprintf (stderr, "Usage: bench-ascii SRCDIR DSTDIR\n"
               "Writes DSTDIR/NAME for every file SRCDIR/NAME, with CJK characters as ASCII words.\n");
      return 2;
    }
  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "bench-ascii: %s\n", error->message);
      return 1;
    }
  if (g_mkdir_with_parents (argv[2], 0777) != 0)
    {
      fprintf (stderr, "bench-ascii: %s: %s\n", argv[2], g_strerror (errno));
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *src = g_build_filename (argv[1], g_ptr_array_index (names, i), NULL);
      g_autofree char *dst = g_build_filename (argv[2], g_ptr_array_index (names, i), NULL);
      g_autofree char *text = NULL;
      gsize len = 0;

      if (!g_file_test (src, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (src, &text, &len, &error)
          || !g_utf8_validate (text, len, NULL))
        {
          fprintf (stderr, "bench-ascii: %s: %s\n", src, error != NULL ? error->message : "not UTF-8");
          return 1;
        }
      g_string_truncate (out, 0);
      transliterate (out, text);
      if (!g_file_set_contents (dst, out->str, out->len, &error))
        {
          fprintf (stderr, "bench-ascii: %s\n", error->message);
          return 1;
        }
    }
  return 0;
}
