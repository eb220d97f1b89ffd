/* test-output.c: atomic output files. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "test-util.h"
#include "bagu-output.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->dir = g_dir_make_tmp ("bagu-output-XXXXXX", NULL);
  assert_non_null (f->dir);
  f->path = g_build_filename (f->dir, "out.xml", NULL);
  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f);
  return 0;
}

/* The number of entries in the directory: temporary files show up here. */
static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_commit_writes_whole_file (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  BaguOutput *out = bagu_output_open (f->path, &error);
  g_autofree char *data = NULL;
  struct stat st;
  mode_t mask = umask (0);

  umask (mask);
  assert_non_null (out);
  assert_string_equal (bagu_output_path (out), f->path);
  fputs ("<bagu/>\n", bagu_output_stream (out));
  /* Until the commit, the destination does not exist; a temporary does. */
  assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  assert_int_equal (count_entries (f->dir), 1);
  assert_true (bagu_output_commit (out, &error));
  assert_null (error);
  assert_true (g_file_get_contents (f->path, &data, NULL, NULL));
  assert_string_equal (data, "<bagu/>\n");
  assert_int_equal (count_entries (f->dir), 1);
  assert_int_equal (stat (f->path, &st), 0);
  assert_int_equal (st.st_mode & 0777, 0666 & ~mask);
}

static void
test_abort_keeps_old_file (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  BaguOutput *out;

  assert_true (g_file_set_contents (f->path, "old", -1, NULL));
  out = bagu_output_open (f->path, &error);
  assert_non_null (out);
  fputs ("new and half", bagu_output_stream (out));
  bagu_output_abort (out);
  assert_true (g_file_get_contents (f->path, &data, NULL, NULL));
  assert_string_equal (data, "old");
  assert_int_equal (count_entries (f->dir), 1);
}

/* The descriptors this process has open, or 0 where /proc does not
 * list them. */
static guint
count_descriptors (void)
{
  return g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR) ? count_entries ("/proc/self/fd") : 0;
}

/* A large file an output replaces is let go of on a thread of its own
 * (bagu_output_finish waits for it), a small one as before; either way
 * the new file is in place at the commit, another link to the old one
 * keeps its content, a symbolic link is replaced and not what it points
 * to, and no descriptor is left open. */
static void
test_replace_large (void **state)
{
  Fixture *f = *state;
  g_autofree char *kept = g_build_filename (f->dir, "kept.xml", NULL);
  g_autofree char *target = g_build_filename (f->dir, "target.xml", NULL);
  g_autofree char *old = g_malloc (9 << 20);
  guint fds = count_descriptors ();

  memset (old, 'o', 9 << 20);
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize len = 0;
      BaguOutput *out;

      g_unlink (f->path);
      g_unlink (kept);
      if (round == 2)
        {
          assert_true (g_file_set_contents (target, old, 9 << 20, NULL));
          assert_int_equal (symlink (target, f->path), 0);
        }
      else
        {
          assert_true (g_file_set_contents (f->path, old, round == 1 ? 100 : 9 << 20, NULL));
          /* The last round keeps no other link: the rename drops the
           * last one. */
          if (round < 3)
            assert_int_equal (link (f->path, kept), 0);
        }
      out = bagu_output_open (f->path, &error);
      assert_non_null (out);
      fputs ("<bagu/>\n", bagu_output_stream (out));
      assert_true (bagu_output_commit (out, &error));
      assert_null (error);
      assert_true (g_file_get_contents (f->path, &data, NULL, NULL));
      assert_string_equal (data, "<bagu/>\n");
      g_clear_pointer (&data, g_free);
      if (round < 3)
        {
          assert_true (g_file_get_contents (round == 2 ? target : kept, &data, &len, NULL));
          assert_int_equal (len, round == 1 ? 100 : 9 << 20);
          assert_memory_equal (data, old, len);
        }
      bagu_output_finish ();
      assert_int_equal (count_descriptors (), fds);
    }
  bagu_output_finish ();
}

/* An output replaces a file when both name it, however spelt or linked;
 * standard output and outputs not made yet replace nothing. */
static void
test_replaces (void **state)
{
  Fixture *f = *state;
  g_autofree char *other = g_build_filename (f->dir, "other.txt", NULL);
  g_autofree char *linked = g_build_filename (f->dir, "link.txt", NULL);
  g_autofree char *spelt = g_build_filename (f->dir, ".", "out.xml", NULL);

  assert_false (bagu_output_replaces (f->path, f->path));   /* not made yet */
  assert_true (g_file_set_contents (f->path, "x", -1, NULL));
  assert_true (g_file_set_contents (other, "x", -1, NULL));
  assert_int_equal (link (f->path, linked), 0);
  assert_true (bagu_output_replaces (f->path, f->path));
  assert_true (bagu_output_replaces (spelt, f->path));
  assert_true (bagu_output_replaces (linked, f->path));
  assert_false (bagu_output_replaces (other, f->path));
  assert_false (bagu_output_replaces ("-", f->path));
  assert_false (bagu_output_replaces (NULL, f->path));
}

static void
test_remove_temporaries (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  BaguOutput *out = bagu_output_open (f->path, &error);
  BaguOutput *second;
  g_autofree char *other = g_build_filename (f->dir, "other.json", NULL);

  assert_non_null (out);
  second = bagu_output_open (other, &error);
  assert_non_null (second);
  fputs ("partial", bagu_output_stream (out));
  fflush (bagu_output_stream (out));
  assert_int_equal (count_entries (f->dir), 2);
  /* What a signal handler does: both temporaries go, nothing is renamed. */
  bagu_output_remove_temporaries ();
  assert_int_equal (count_entries (f->dir), 0);
  /* A commit after that fails: the temporary file is gone. */
  assert_false (bagu_output_commit (out, &error));
  assert_error_matches (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_RENAME);
  assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  bagu_output_abort (second);
  assert_int_equal (count_entries (f->dir), 0);
}

static void
test_open_errors (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no", "such", "out.xml", NULL);

  assert_null (bagu_output_open (missing, &error));
  assert_error_matches (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_OPEN);
  g_clear_error (&error);

  assert_null (bagu_output_open (f->dir, &error));
  assert_error_matches (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_OPEN);
  assert_non_null (strstr (error->message, "is a directory"));
}

/* A path that is not a regular file (a device, a FIFO) is written as it
 * is, never replaced by a file. */
static void
test_fifo_kept (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *fifo = g_build_filename (f->dir, "pipe", NULL);
  char buf[64] = { 0 };
  BaguOutput *out;
  struct stat st;
  int reader;

  assert_int_equal (mkfifo (fifo, 0600), 0);
  reader = open (fifo, O_RDONLY | O_NONBLOCK);
  assert_true (reader >= 0);
  out = bagu_output_open (fifo, &error);
  assert_non_null (out);
  fputs ("through the pipe", bagu_output_stream (out));
  assert_true (bagu_output_commit (out, &error));
  assert_int_equal (read (reader, buf, sizeof buf - 1), 16);
  assert_string_equal (buf, "through the pipe");
  close (reader);
  assert_int_equal (stat (fifo, &st), 0);
  assert_true (S_ISFIFO (st.st_mode));
  assert_int_equal (count_entries (f->dir), 1);
  g_unlink (fifo);
}

static void
test_stdout_write_error (void **state)
{
  g_autoptr(GError) error = NULL;
  BaguOutput *out;
  int saved, full;
  gboolean ok;

  full = open ("/dev/full", O_WRONLY);
  if (full < 0)
    skip ();
  fflush (stdout);
  saved = dup (STDOUT_FILENO);
  dup2 (full, STDOUT_FILENO);
  out = bagu_output_open ("-", &error);
  assert_non_null (out);
  assert_string_equal (bagu_output_path (out), "-");
  for (int i = 0; i < 10000; i++)
    fputs ("a line of output that will not fit\n", bagu_output_stream (out));
  ok = bagu_output_commit (out, &error);
  clearerr (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  close (full);
  assert_false (ok);
  assert_error_matches (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_WRITE);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_commit_writes_whole_file, setup, teardown),
    cmocka_unit_test_setup_teardown (test_abort_keeps_old_file, setup, teardown),
    cmocka_unit_test_setup_teardown (test_replaces, setup, teardown),
    cmocka_unit_test_setup_teardown (test_replace_large, setup, teardown),
    cmocka_unit_test_setup_teardown (test_remove_temporaries, setup, teardown),
    cmocka_unit_test_setup_teardown (test_open_errors, setup, teardown),
    cmocka_unit_test_setup_teardown (test_fifo_kept, setup, teardown),
    cmocka_unit_test (test_stdout_write_error),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
