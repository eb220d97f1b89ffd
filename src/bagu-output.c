/* bagu-output.c: atomic output files (temporary file + rename). */
/* fopencookie, O_DIRECT, and sync_file_range where the system has it. */
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

typedef struct _Sink Sink;

struct _BaguOutput {
  char *path;
  char *tmp_path;   /* NULL for standard output */
  FILE *stream;
  Sink *sink;       /* under the stream of a temporary file */
  int slot;         /* index in pending[], or -1 */
  gboolean direct;  /* a device or pipe opened as it is, closed on commit */
};

/* A temporary file is written in blocks of SINK_BYTES, and from the
 * first full one on, past the page cache (O_DIRECT): straight from the
 * block to the disk, where the page cache would take a copy into pages
 * of its own first.  Those pages are new memory at every run, cleared
 * and copied into one at a time on the thread that writes; the commit's
 * fsync waits for the disk either way.  On 5,000 documents (108 MB of
 * XML) the thread that writes the parts out was busy copying while the
 * threads that make them waited for it; past the cache it keeps up, and
 * the system time of a run fell by a tenth (0.55 -> 0.50 s, runs taken
 * in turn).  A file system or device that refuses (EINVAL: no direct I/O
 * there, or other alignment than SINK_ALIGN) has the rest written the
 * usual way, each block sent on to the disk as it is written; so is the
 * tail after the last full block.  Outputs smaller than a block never
 * leave the page cache.  What is written past it is not in the cache for
 * a program that reads the file next: that reads it from the disk. */
#define SINK_BYTES ((gsize) 4 << 20)
#define SINK_ALIGN 4096

struct _Sink {
  int fd;
  guint8 *block;      /* SINK_BYTES, aligned to SINK_ALIGN; made at the first write */
  gsize used;
  goffset written;    /* bytes in the file */
  gboolean direct;    /* the file is open with O_DIRECT */
  gboolean cached;    /* O_DIRECT was refused: the rest goes through the cache */
};

gsize bagu_output_sink_bytes = SINK_BYTES;

static gboolean
write_all (int fd, const guint8 *p, gsize len)
{
  while (len > 0)
    {
      ssize_t w = write (fd, p, len);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        {
          if (w == 0)
            errno = EIO;
          return FALSE;
        }
      p += w;
      len -= w;
    }
  return TRUE;
}

static void
set_direct (Sink *s, gboolean on)
{
#ifdef O_DIRECT
  int flags = fcntl (s->fd, F_GETFL);

  if (flags >= 0 && fcntl (s->fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) == 0)
    {
      s->direct = on;
      return;
    }
#endif
  if (on)
    s->cached = TRUE;
}

/* Writes what the block holds and empties it: past the cache when the
 * block is full and the file takes that. */
static gboolean
sink_flush (Sink *s)
{
  gsize from = 0;

  if (s->used == bagu_output_sink_bytes && !s->direct && !s->cached)
    set_direct (s, TRUE);
  if (s->used < bagu_output_sink_bytes && s->direct)
    set_direct (s, FALSE);
  if (s->direct)
    {
      ssize_t w;

      do
        w = write (s->fd, s->block, s->used);
      while (w < 0 && errno == EINTR);
      if (w == (ssize_t) s->used)
        {
          s->written += s->used;
          s->used = 0;
          return TRUE;
        }
      /* Refused (EINVAL, or whatever a file system answers that takes
       * the flag but not the write), or cut short (a full disk): the rest
       * the usual way, which reports what is wrong if anything is. */
      set_direct (s, FALSE);
      s->cached = TRUE;
      from = w > 0 ? (gsize) w : 0;
    }
  if (!write_all (s->fd, s->block + from, s->used - from))
    return FALSE;
#ifdef SYNC_FILE_RANGE_WRITE
  /* Through the cache, each block is sent on to the disk as it is
   * written, so that the fsync of the commit has little left to wait for.
   * A hint: a file system that cannot do it is written all the same. */
  if (s->used == bagu_output_sink_bytes)
    (void) sync_file_range (s->fd, s->written, s->used, SYNC_FILE_RANGE_WRITE);
#endif
  s->written += s->used;
  s->used = 0;
  return TRUE;
}

static ssize_t
sink_write (void *cookie, const char *data, size_t size)
{
  Sink *s = cookie;
  gsize done = 0;

  if (s->block == NULL)
    s->block = g_aligned_alloc (1, bagu_output_sink_bytes, SINK_ALIGN);
  while (done < size)
    {
      gsize n = MIN (size - done, bagu_output_sink_bytes - s->used);

      memcpy (s->block + s->used, data + done, n);
      s->used += n;
      done += n;
      /* A failure is told by writing less than asked: 0, never a
       * negative count, which glibc's fwrite would take for a length
       * (fopencookie(3)).  The stream's error flag is then set. */
      if (s->used == bagu_output_sink_bytes && !sink_flush (s))
        return 0;
    }
  return size;
}

static int
sink_close (void *cookie)
{
  Sink *s = cookie;
  int status = close (s->fd);

  g_aligned_free (s->block);
  g_free (s);
  return status;
}

static FILE *
sink_open (int fd, Sink **sink)
{
  static const cookie_io_functions_t io = { NULL, sink_write, NULL, sink_close };
  Sink *s = g_new0 (Sink, 1);
  FILE *stream;

  s->fd = fd;
  stream = fopencookie (s, "w", io);
  if (stream == NULL)
    g_clear_pointer (&s, g_free);
  *sink = s;
  return stream;
}

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
  out->stream = sink_open (fd, &out->sink);
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
  else if (!sink_flush (out->sink))
    failed = errno ? errno : EIO;
  else if (fsync (out->sink->fd) != 0 && errno != EINVAL)
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
