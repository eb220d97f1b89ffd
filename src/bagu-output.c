/* bagu-output.c: atomic output files (temporary file + rename). */
/* sync_file_range, where the system has it. */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bagu-output.h"
#include "bagu-parallel.h"

BAGU_DEFINE_QUARK (bagu-output-error-quark, bagu_output_error)

struct _BaguOutput {
  char *path;
  char *tmp_path;   /* NULL for standard output */
  FILE *stream;
  int slot;         /* index in pending[], or -1 */
  gboolean direct;  /* a device or pipe opened as it is, closed on commit */
};

/* The temporary files a signal handler must remove.  A fixed table of plain
 * pointers because the handler may use only async-signal-safe calls. */
#define MAX_PENDING 16
static char *volatile pending[MAX_PENDING];

static int
register_pending (char *tmp_path)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending[i] == NULL)
      {
        pending[i] = tmp_path;
        return i;
      }
  return -1;
}

void
bagu_output_remove_temporaries (void)
{
  for (int i = 0; i < MAX_PENDING; i++)
    {
      char *p = pending[i];

      if (p != NULL)
        {
          unlink (p);
          pending[i] = NULL;
        }
    }
}

static void
output_free (BaguOutput *out)
{
  if (out->slot >= 0)
    pending[out->slot] = NULL;
  g_free (out->path);
  g_free (out->tmp_path);
  g_free (out);
}

BaguOutput *
bagu_output_open (const char *path, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  BaguOutput *out;
  GStatBuf st;
  int fd;

  if (path == NULL || strcmp (path, "-") == 0)
    {
      out = g_new0 (BaguOutput, 1);
      out->path = g_strdup ("-");
      out->stream = stdout;
      out->slot = -1;
      return out;
    }
  if (g_stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error_literal (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_OPEN,
                           "is a directory");
      return NULL;
    }
  /* A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written to as it
   * is: renaming a file over it would replace the device. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      FILE *stream = fopen (path, "w");

      if (stream == NULL)
        {
          int saved = errno;
          g_set_error (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_OPEN,
                       "cannot open: %s", g_strerror (saved));
          return NULL;
        }
      out = g_new0 (BaguOutput, 1);
      out->path = g_strdup (path);
      out->stream = stream;
      out->slot = -1;
      out->direct = TRUE;
      return out;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmpl, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_OPEN,
                   "cannot create a file in %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  /* mkstemp makes the file 0600; give it the mode a plain creat() would. */
  {
    mode_t mask = umask (0);
    umask (mask);
    if (fchmod (fd, 0666 & ~mask) != 0)
      { /* not fatal: the file is still the user's own */ }
  }
  out = g_new0 (BaguOutput, 1);
  out->path = g_strdup (path);
  out->tmp_path = g_steal_pointer (&tmpl);
  out->slot = register_pending (out->tmp_path);
  out->stream = fdopen (fd, "w");
  if (out->stream == NULL)
    {
      int saved = errno;
      close (fd);
      bagu_output_abort (out);
      g_set_error (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_OPEN,
                   "cannot open a stream: %s", g_strerror (saved));
      return NULL;
    }
  return out;
}

gboolean
bagu_output_replaces (const char *output, const char *path)
{
  GStatBuf a, b;

  return output != NULL && strcmp (output, "-") != 0
         && g_stat (output, &a) == 0 && g_stat (path, &b) == 0
         && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

FILE *
bagu_output_stream (BaguOutput *out)
{
  return out->stream;
}

const char *
bagu_output_path (BaguOutput *out)
{
  return out->path;
}

/* The file an output replaces, when it is large: when the rename drops
 * its last link, the kernel frees its blocks there and then, which takes a
 * while (25 ms for 100 MB on ext4 mounted with discard, a hundred times
 * the rename of a new name).  Held open across the rename, it is freed
 * when it is closed instead: on a thread of its own, while what is left
 * of the run goes on; bagu_output_finish waits for it. */
#define RELEASE_MIN_BYTES ((goffset) 8 << 20)

G_LOCK_DEFINE_STATIC (releases);
static GPtrArray *releases;

static int
open_replaced (const char *path)
{
  GStatBuf before;
  struct stat st;
  int fd;

  /* Only a large regular file is opened at all: a device or a pipe put
   * there meanwhile is left alone, and a link is replaced, not followed. */
  if (g_lstat (path, &before) != 0 || !S_ISREG (before.st_mode)
      || before.st_size < RELEASE_MIN_BYTES)
    return -1;
  fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0 && (fstat (fd, &st) != 0 || st.st_dev != before.st_dev
                  || st.st_ino != before.st_ino))
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

static gpointer
close_replaced (gpointer data)
{
  close (GPOINTER_TO_INT (data));
  return NULL;
}

static void
release (int fd)
{
  GThread *thread = g_thread_try_new ("release", close_replaced, GINT_TO_POINTER (fd), NULL);

  if (thread == NULL)
    {
      close (fd);
      return;
    }
  G_LOCK (releases);
  if (releases == NULL)
    releases = g_ptr_array_new ();
  g_ptr_array_add (releases, thread);
  G_UNLOCK (releases);
}

void
bagu_output_finish (void)
{
  G_LOCK (releases);
  for (guint i = 0; releases != NULL && i < releases->len; i++)
    g_thread_join (g_ptr_array_index (releases, i));
  g_clear_pointer (&releases, g_ptr_array_unref);
  G_UNLOCK (releases);
}

gboolean
bagu_output_commit (BaguOutput *out, GError **error)
{
  int failed = 0, replaced;

  if (out->tmp_path == NULL)
    {
      errno = 0;
      if (fflush (out->stream) != 0 || ferror (out->stream))
        failed = errno ? errno : EIO;
      if (out->direct && fclose (out->stream) != 0 && !failed)
        failed = errno ? errno : EIO;
      output_free (out);
      if (failed)
        {
          g_set_error (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_WRITE,
                       "write error: %s", g_strerror (failed));
          return FALSE;
        }
      return TRUE;
    }

  errno = 0;
  if (fflush (out->stream) != 0 || ferror (out->stream))
    failed = errno ? errno : EIO;
  else if (fsync (fileno (out->stream)) != 0 && errno != EINVAL)
    failed = errno;
  if (fclose (out->stream) != 0 && !failed)
    failed = errno ? errno : EIO;
  out->stream = NULL;
  if (failed)
    {
      g_set_error (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_WRITE,
                   "write error: %s", g_strerror (failed));
      bagu_output_abort (out);
      return FALSE;
    }
  replaced = open_replaced (out->path);
  if (g_rename (out->tmp_path, out->path) != 0)
    {
      int saved = errno;
      g_set_error (error, BAGU_OUTPUT_ERROR, BAGU_OUTPUT_ERROR_RENAME,
                   "cannot put the file in place: %s", g_strerror (saved));
      if (replaced >= 0)
        close (replaced);
      bagu_output_abort (out);
      return FALSE;
    }
  if (replaced >= 0)
    release (replaced);
  output_free (out);
  return TRUE;
}

void
bagu_output_abort (BaguOutput *out)
{
  if (out == NULL)
    return;
  if (out->direct)
    fclose (out->stream);
  if (out->tmp_path != NULL)
    {
      if (out->stream != NULL)
        fclose (out->stream);
      g_unlink (out->tmp_path);
    }
  output_free (out);
}

void
bagu_output_write_back (FILE *stream)
{
#ifdef SYNC_FILE_RANGE_WRITE
  /* What has been written is sent to the disk while the rest is made, so
   * that the fsync of the commit has little left to wait for.  A pipe or
   * a device refuses, harmlessly. */
  if (fflush (stream) == 0)
    (void) sync_file_range (fileno (stream), 0, 0, SYNC_FILE_RANGE_WRITE);
#else
  (void) stream;
#endif
}
