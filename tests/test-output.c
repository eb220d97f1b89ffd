/* test-output.c: atomic output files. */
/* O_DIRECT. */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/magic.h>
#include <sys/resource.h>
#include <sys/statfs.h>
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

/* Bytes of a text that no two blocks of the sink share: a block written
 * twice, out of place or not at all shows. */
static char *
make_text (gsize len)
{
  char *text = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    text[i] = (char) ('a' + (i * 7 + i / 4096) % 26);
  text[len] = '\0';
  return text;
}

/* Writes @text in pieces of every size the stream meets: single bytes,
 * pieces under a block, and pieces of several blocks at once. */
static void
write_pieces (FILE *stream, const char *text, gsize len)
{
  static const gsize sizes[] = { 1, 7, 4095, 3 * 4096 + 5, 100, 20000 };
  gsize at = 0;

  for (guint k = 0; at < len; k++)
    {
      gsize n = MIN (sizes[k % G_N_ELEMENTS (sizes)], len - at);

      assert_int_equal (fwrite (text + at, 1, n, stream), n);
      at += n;
    }
}

/* Whether the first @len bytes of the file are in the page cache, page
 * by page: 1 in @resident for each page that is. */
static void
pages_resident (const char *path, gsize len, guchar *resident)
{
  int fd = open (path, O_RDONLY);
  void *map;

  assert_true (fd >= 0);
  map = mmap (NULL, len, PROT_READ, MAP_SHARED, fd, 0);
  assert_true (map != MAP_FAILED);
  assert_int_equal (mincore (map, len, resident), 0);
  munmap (map, len);
  close (fd);
}

/* Whether files in @dir can be written past the page cache.  tmpfs takes
 * O_DIRECT, but its files live in the page cache. */
static gboolean
direct_io_works (const char *dir)
{
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  struct statfs fs;
  int fd;

  if (statfs (dir, &fs) != 0 || fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC)
    return FALSE;
  fd = open (probe, O_WRONLY | O_CREAT | O_DIRECT, 0600);

  if (fd >= 0)
    close (fd);
  g_unlink (probe);
  return fd >= 0;
}

/* A file of several blocks is written whole, in order, whatever the size
 * of the pieces: from the first full block on past the page cache where
 * the file system takes that (4096 bytes a block), through it where
 * O_DIRECT refuses the block (5000 bytes: no device takes that
 * alignment), and always through it for the tail. */
static void
test_blocks (void **state)
{
  Fixture *f = *state;
  static const gsize blocks[] = { 4096, 5000, 3 * 4096 };
  gsize saved = bagu_output_sink_bytes;
  gboolean direct = direct_io_works (f->dir);

  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    {
      gsize block = blocks[b], len = 7 * block / 2;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = make_text (len);
      gsize page = (gsize) sysconf (_SC_PAGESIZE), pages = (len + page - 1) / page;
      BaguOutput *out;

      bagu_output_sink_bytes = block;
      out = bagu_output_open (f->path, &error);
      assert_non_null (out);
      write_pieces (bagu_output_stream (out), text, len);
      assert_true (bagu_output_commit (out, &error));
      assert_null (error);
      assert_int_equal (count_entries (f->dir), 1);
      /* Freshly written, before anything reads it: the full blocks are not
       * in the cache, the tail is. */
      if (direct && block % 4096 == 0 && page == 4096)
        {
          g_autofree guchar *resident = g_malloc (pages);

          pages_resident (f->path, len, resident);
          for (gsize p = 0; p < pages; p++)
            assert_int_equal (resident[p] & 1, p * page >= 3 * block ? 1 : 0);
        }
      /* Read back, then dropped from the cache and read from the disk:
       * the text both times. */
      for (guint pass = 0; pass < 2; pass++)
        {
          g_autofree char *data = NULL;
          gsize got = 0;
          int fd;

          assert_true (g_file_get_contents (f->path, &data, &got, NULL));
          assert_int_equal (got, len);
          assert_memory_equal (data, text, len);
          fd = open (f->path, O_RDONLY);
          assert_true (fd >= 0);
          (void) posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
          close (fd);
        }
    }
  bagu_output_sink_bytes = saved;
}

/* A block that cannot be written (the file size limit here) fails the
 * commit: the temporary file is removed and the file it would have
 * replaced is kept. */
static void
test_block_write_error (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *text = make_text (10 * 4096);
  gsize saved = bagu_output_sink_bytes;
  struct rlimit limit, small;
  BaguOutput *out;
  gboolean ok;

  assert_true (g_file_set_contents (f->path, "old", -1, NULL));
  assert_int_equal (getrlimit (RLIMIT_FSIZE, &limit), 0);
  signal (SIGXFSZ, SIG_IGN);
  bagu_output_sink_bytes = 4096;
  out = bagu_output_open (f->path, &error);
  assert_non_null (out);
  small = (struct rlimit) { 5 * 4096 + 100, limit.rlim_max };
  assert_int_equal (setrlimit (RLIMIT_FSIZE, &small), 0);
  fwrite (text, 1, 10 * 4096, bagu_output_stream (out));
  ok = bagu_output_commit (out, &error);
  setrlimit (RLIMIT_FSIZE, &limit);
  signal (SIGXFSZ, SIG_DFL);
  bagu_output_sink_bytes = saved;
  assert_false (ok);
  assert_error_matches (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_WRITE);
  assert_true (g_file_get_contents (f->path, &data, NULL, NULL));
  assert_string_equal (data, "old");
  assert_int_equal (count_entries (f->dir), 1);
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
    cmocka_unit_test_setup_teardown (test_blocks, setup, teardown),
    cmocka_unit_test_setup_teardown (test_block_write_error, setup, teardown),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
