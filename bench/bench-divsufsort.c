/* bench/bench-divsufsort.c: the floor of `make bench`: libdivsufsort's suffix array over a corpus's bytes. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <divsufsort.h>
#include <glib.h>

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Regular files under @path (or @path itself), in sorted order as bagu
 * reads them. */
static void
collect (const char *path, GPtrArray *out)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (out, g_strdup (path));
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    collect (g_ptr_array_index (names, i), out);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GByteArray) text = g_byte_array_new ();
  g_autofree saidx_t *sa = NULL;
  gint64 t0, t1;

  if (argc < 2 || strcmp (argv[1], "--help") == 0)
    {
      fprintf (argc < 2 ? stderr : stdout,
               "Usage: bench-divsufsort PATH...\n"
               "Builds a suffix array over the bytes of every file under PATH with\n"
               "libdivsufsort and prints bytes=, files= and seconds= (the build only).\n");
      return argc < 2 ? 2 : 0;
    }
  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *data = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (g_ptr_array_index (files, i), &data, &len, &error))
        {
          fprintf (stderr, "bench-divsufsort: %s\n", error->message);
          return 1;
        }
      g_byte_array_append (text, (const guint8 *) data, len);
    }
  if (text->len == 0 || text->len >= G_MAXINT32)
    {
      fprintf (stderr, "bench-divsufsort: need 1 to %d bytes, have %u\n", G_MAXINT32 - 1, text->len);
      return 1;
    }
  sa = g_new (saidx_t, text->len);
  t0 = g_get_monotonic_time ();
  if (divsufsort (text->data, sa, (saidx_t) text->len) != 0)
    {
      fprintf (stderr, "bench-divsufsort: divsufsort failed\n");
      return 1;
    }
  t1 = g_get_monotonic_time ();
  printf ("bytes=%u files=%u seconds=%.3f\n", text->len, files->len, (t1 - t0) / 1e6);
  return 0;
}
