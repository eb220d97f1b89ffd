/* bagu-ingest.c: finding input files and decoding their bytes into UTF-8. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <uchardet.h>

#include "bagu-ingest.h"
#include "bagu-parallel.h"
#include "bagu-utf8.h"

BAGU_DEFINE_QUARK (bagu-ingest-error-quark, bagu_ingest_error)

/* ------------------------------------------------------------------------ */
/* Errors */

/* g_strerror's sentences start with a capital; ours are lower-case reasons. */
static char *
errno_reason (int errsv)
{
  char *reason = g_strdup (g_strerror (errsv));

  reason[0] = g_ascii_tolower (reason[0]);
  return reason;
}

static void
set_errno_error (int errsv, GError **error)
{
  g_autofree char *reason = NULL;

  switch (errsv)
    {
    case ENOENT:
    case ENOTDIR:
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_NOT_FOUND,
                           "no such file or directory");
      return;
    case EACCES:
    case EPERM:
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_UNREADABLE,
                           "permission denied");
      return;
    case ELOOP:
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_LOOP,
                           "too many levels of symbolic links");
      return;
    default:
      reason = errno_reason (errsv);
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_UNREADABLE, reason);
      return;
    }
}

static const char *
file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISSOCK (mode))
    return "a socket";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  return "not a file";
}

static void
set_not_regular_error (mode_t mode, GError **error)
{
  if (S_ISDIR (mode))
    g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_NOT_REGULAR,
                         "is a directory");
  else
    g_set_error (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_NOT_REGULAR,
                 "not a regular file (%s)", file_kind (mode));
}

/* ------------------------------------------------------------------------ */
/* Expanding paths */

typedef struct {
  char *path;
  BaguFileId id;
} FoundFile;

typedef struct {
  dev_t dev;
  ino_t ino;
  const char *path;
} OpenDir;

typedef struct {
  GArray *found;   /* FoundFile */
  GArray *stack;   /* OpenDir: the directories being walked, outermost first */
  BaguSkipFunc skip;
  gpointer user_data;
} Walk;

static void
found_file_clear (gpointer p)
{
  FoundFile *f = p;

  g_free (f->path);
}

static void
report_error (Walk *walk, const char *path, GError *error)
{
  if (walk->skip != NULL)
    walk->skip (path, error, walk->user_data);
  g_error_free (error);
}

G_GNUC_PRINTF (4, 5)
static void
report (Walk *walk, const char *path, BaguIngestError code, const char *format, ...)
{
  va_list ap;
  GError *error;

  va_start (ap, format);
  error = g_error_new_valist (BAGU_INGEST_ERROR, code, format, ap);
  va_end (ap);
  report_error (walk, path, error);
}

static void
report_errno (Walk *walk, const char *path, int errsv)
{
  GError *error = NULL;

  set_errno_error (errsv, &error);
  report_error (walk, path, error);
}

static void
add_file (Walk *walk, const char *path, const struct stat *st)
{
  FoundFile f = { g_strdup (path), { st->st_dev, st->st_ino, st->st_size } };

  g_array_append_val (walk->found, f);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void walk_directory (Walk *walk, const char *path);

static void
walk_entry (Walk *walk, const char *path)
{
  struct stat st;

  /* stat, not lstat: symbolic links are followed, loops caught below. */
  if (stat (path, &st) < 0)
    {
      int errsv = errno;
      struct stat lst;

      if (errsv == ENOENT && lstat (path, &lst) == 0 && S_ISLNK (lst.st_mode))
        report (walk, path, BAGU_INGEST_ERROR_NOT_FOUND, "broken symbolic link");
      else
        report_errno (walk, path, errsv);
      return;
    }
  if (S_ISREG (st.st_mode))
    add_file (walk, path, &st);
  else if (S_ISDIR (st.st_mode))
    walk_directory (walk, path);
  /* Sockets, FIFOs and devices inside a directory are not input anyone meant. */
}

static void
walk_directory (Walk *walk, const char *path)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  DIR *dir;
  struct dirent *entry;
  struct stat st;
  OpenDir self;

  dir = opendir (path);
  if (dir == NULL)
    {
      report_errno (walk, path, errno);
      return;
    }
  /* The identity of what was opened, not of what the path names now. */
  if (fstat (dirfd (dir), &st) < 0)
    {
      report_errno (walk, path, errno);
      closedir (dir);
      return;
    }
  for (guint i = 0; i < walk->stack->len; i++)
    {
      const OpenDir *outer = &g_array_index (walk->stack, OpenDir, i);

      if (outer->dev == st.st_dev && outer->ino == st.st_ino)
        {
          report (walk, path, BAGU_INGEST_ERROR_LOOP,
                  "directory loop (same directory as %s)", outer->path);
          closedir (dir);
          return;
        }
    }

  errno = 0;
  while ((entry = readdir (dir)) != NULL)
    {
      if (entry->d_name[0] != '.')
        g_ptr_array_add (names, g_strdup (entry->d_name));
      errno = 0;
    }
  if (errno != 0)
    {
      /* Half a directory would give a corpus that silently depends on luck. */
      report_errno (walk, path, errno);
      closedir (dir);
      return;
    }
  closedir (dir);
  g_ptr_array_sort (names, compare_strings);

  self = (OpenDir) { st.st_dev, st.st_ino, path };
  g_array_append_val (walk->stack, self);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, (const char *) g_ptr_array_index (names, i), NULL);

      walk_entry (walk, child);
    }
  g_array_set_size (walk->stack, walk->stack->len - 1);
}

static void
walk_given (Walk *walk, const char *path)
{
  struct stat st;

  if (stat (path, &st) < 0)
    {
      report_errno (walk, path, errno);
      return;
    }
  if (S_ISREG (st.st_mode))
    add_file (walk, path, &st);
  else if (S_ISDIR (st.st_mode))
    walk_directory (walk, path);
  else
    report (walk, path, BAGU_INGEST_ERROR_NOT_REGULAR, "not a regular file (%s)",
            file_kind (st.st_mode));
}

static int
compare_found (gconstpointer a, gconstpointer b)
{
  return strcmp (((const FoundFile *) a)->path, ((const FoundFile *) b)->path);
}

static guint
file_id_hash (gconstpointer key)
{
  const FoundFile *f = key;

  return (guint) f->id.ino ^ ((guint) f->id.dev * 31u);
}

static gboolean
file_id_equal (gconstpointer a, gconstpointer b)
{
  const FoundFile *fa = a, *fb = b;

  return fa->id.dev == fb->id.dev && fa->id.ino == fb->id.ino;
}

GPtrArray *
bagu_ingest_expand_paths (const char *const *paths, guint n_paths,
                          BaguSkipFunc skip, gpointer user_data)
{
  return bagu_ingest_expand_paths_with_ids (paths, n_paths, skip, user_data, NULL);
}

GPtrArray *
bagu_ingest_expand_paths_with_ids (const char *const *paths, guint n_paths,
                                   BaguSkipFunc skip, gpointer user_data, GArray **ids)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (FoundFile));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (OpenDir));
  g_autoptr(GHashTable) seen = g_hash_table_new (file_id_hash, file_id_equal);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  Walk walk = { found, stack, skip, user_data };

  g_return_val_if_fail (paths != NULL || n_paths == 0, NULL);

  if (ids != NULL)
    *ids = g_array_new (FALSE, FALSE, sizeof (BaguFileId));
  g_array_set_clear_func (found, found_file_clear);
  for (guint i = 0; i < n_paths; i++)
    walk_given (&walk, paths[i]);

  /* Sorting before deduplicating makes the survivor of two names for one
   * file, and so the whole result, independent of the order given. */
  g_array_sort (found, compare_found);
  for (guint i = 0; i < found->len; i++)
    {
      FoundFile *f = &g_array_index (found, FoundFile, i);
      const FoundFile *first = g_hash_table_lookup (seen, f);

      if (first == NULL)
        {
          g_hash_table_add (seen, f);
          continue;
        }
      if (strcmp (first->path, f->path) == 0)
        report (&walk, f->path, BAGU_INGEST_ERROR_DUPLICATE, "given twice");
      else
        report (&walk, f->path, BAGU_INGEST_ERROR_DUPLICATE, "same file as %s", first->path);
    }
  for (guint i = 0; i < found->len; i++)
    {
      FoundFile *f = &g_array_index (found, FoundFile, i);

      if (g_hash_table_lookup (seen, f) == f)
        {
          if (ids != NULL)
            g_array_append_val (*ids, f->id);
          g_ptr_array_add (files, g_steal_pointer (&f->path));
        }
    }
  return g_steal_pointer (&files);
}

/* ------------------------------------------------------------------------ */
/* Decoding */

typedef struct {
  const char *magic;
  gsize len;
  const char *message;
} Magic;

static const Magic magics[] = {
  { "\x89PNG\r\n\x1a\n", 8, "binary file (PNG image)" },
  { "\xff\xd8\xff", 3, "binary file (JPEG image)" },
  { "GIF87a", 6, "binary file (GIF image)" },
  { "GIF89a", 6, "binary file (GIF image)" },
  { "%PDF-", 5, "binary file (PDF document)" },
  { "PK\x03\x04", 4, "ZIP archive (.docx is not supported yet)" },
  { "PK\x05\x06", 4, "ZIP archive (.docx is not supported yet)" },
  { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "binary file (OLE2 compound document: .doc, .xls, .ppt)" },
  { "\x7f" "ELF", 4, "binary file (ELF executable)" },
  { "\x1f\x8b", 2, "binary file (gzip data)" },
};

/* What a detector may answer, and how we decode it.  The names we report
 * are these static strings, never the detector's own buffer. */
typedef struct {
  const char *detected;
  const char *name;      /* reported, and the first iconv name tried */
  const char *fallback;  /* a superset tried when @name fails, or NULL */
  gboolean single_byte;  /* decodes nearly any bytes, so proves little */
} Charset;

#define SINGLE_BYTE(name) { name, name, NULL, TRUE }

/* UTF-8 is not listed: bytes that reach the detector are not UTF-8. */
static const Charset charsets[] = {
  /* GB18030 is a superset of GBK and GB2312, so it reads all of them.  HZ
   * is 7-bit and therefore valid UTF-8 before a detector is asked. */
  { "GB18030", "GB18030", NULL },
  { "GBK", "GB18030", NULL },
  { "GB2312", "GB18030", NULL },
  { "HZ-GB-2312", "GB18030", NULL },
  { "BIG5", "BIG5", "BIG5-HKSCS" },
  { "BIG5-HKSCS", "BIG5", "BIG5-HKSCS" },
  { "EUC-TW", "EUC-TW", NULL },
  { "SHIFT_JIS", "SHIFT_JIS", "CP932" },
  { "EUC-JP", "EUC-JP", NULL },
  { "EUC-KR", "EUC-KR", "CP949" },
  { "UTF-16", "UTF-16", NULL },
  { "UTF-16LE", "UTF-16LE", NULL },
  { "UTF-16BE", "UTF-16BE", NULL },
  { "UTF-32", "UTF-32", NULL },
  { "UTF-32LE", "UTF-32LE", NULL },
  { "UTF-32BE", "UTF-32BE", NULL },
  SINGLE_BYTE ("WINDOWS-1250"),
  SINGLE_BYTE ("WINDOWS-1251"),
  SINGLE_BYTE ("WINDOWS-1252"),
  SINGLE_BYTE ("WINDOWS-1253"),
  SINGLE_BYTE ("WINDOWS-1255"),
  SINGLE_BYTE ("WINDOWS-1256"),
  SINGLE_BYTE ("WINDOWS-1257"),
  SINGLE_BYTE ("WINDOWS-1258"),
  SINGLE_BYTE ("ISO-8859-1"),
  SINGLE_BYTE ("ISO-8859-2"),
  SINGLE_BYTE ("ISO-8859-3"),
  SINGLE_BYTE ("ISO-8859-4"),
  SINGLE_BYTE ("ISO-8859-5"),
  SINGLE_BYTE ("ISO-8859-6"),
  SINGLE_BYTE ("ISO-8859-7"),
  SINGLE_BYTE ("ISO-8859-8"),
  SINGLE_BYTE ("ISO-8859-9"),
  SINGLE_BYTE ("ISO-8859-10"),
  SINGLE_BYTE ("ISO-8859-11"),
  SINGLE_BYTE ("ISO-8859-13"),
  SINGLE_BYTE ("ISO-8859-15"),
  SINGLE_BYTE ("ISO-8859-16"),
  SINGLE_BYTE ("KOI8-R"),
  SINGLE_BYTE ("IBM852"),
  SINGLE_BYTE ("IBM855"),
  SINGLE_BYTE ("IBM866"),
  SINGLE_BYTE ("MAC-CENTRALEUROPE"),
  SINGLE_BYTE ("MAC-CYRILLIC"),
  SINGLE_BYTE ("TIS-620"),
  SINGLE_BYTE ("VISCII"),
};

static const Charset gb18030 = { "GB18030", "GB18030", NULL, FALSE };

static const Charset *
lookup_charset (const char *detected)
{
  if (detected == NULL || detected[0] == '\0')
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (charsets); i++)
    if (g_ascii_strcasecmp (charsets[i].detected, detected) == 0)
      return &charsets[i];
  return NULL;
}

static gboolean
is_invisible (gunichar c)
{
  /* Zero-width characters are format characters, not spaces, for GLib, but
   * a file of nothing else has no text either. */
  return c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060;
}

static gboolean
only_white_space (const char *text, gsize len)
{
  const char *end = text + len;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !is_invisible (c))
        return FALSE;
    }
  return TRUE;
}

/* Characters that text decoded from the right encoding almost never holds:
 * C0/C1 controls other than white space, unassigned and private-use code
 * points.  Wrong guesses (random bytes read as GB18030, UTF-16 read with the
 * wrong byte order) are full of them. */
static gboolean
looks_like_text (const char *text, gsize len)
{
  const char *end = text + len;
  gsize n_chars = 0, n_odd = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n_chars++;
      if (c == 0)
        return FALSE;
      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        {
          if (!g_unichar_isspace (c))
            n_odd++;
          continue;
        }
      switch (g_unichar_type (c))
        {
        case G_UNICODE_UNASSIGNED:
        case G_UNICODE_PRIVATE_USE:
        case G_UNICODE_SURROGATE:
          n_odd++;
          break;
        default:
          break;
        }
    }
  /* One stray character is forgiven (a DOS end-of-file ^Z, a user-defined
   * GBK character), and about one in a hundred after that. */
  return n_odd <= 1 + n_chars / 100;
}

/* A single-byte charset decodes any bytes, so its result needs more than
 * the absence of odd characters: words separated by white space, and
 * letters, not symbols, where the bytes are not ASCII. */
static gboolean
looks_like_alphabetic_text (const char *text, gsize len)
{
  const char *end = text + len;
  gsize n_chars = 0, n_space = 0, n_high = 0, n_letters = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n_chars++;
      if (g_unichar_isspace (c))
        n_space++;
      else if (c >= 0x80)
        {
          n_high++;
          n_letters += g_unichar_isalpha (c) || g_unichar_ismark (c);
        }
    }
  return n_space * 50 >= n_chars && n_letters * 10 >= n_high * 9;
}

static gboolean
is_cjk (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN
         || (c >= 0x3000 && c <= 0x303f)      /* CJK symbols and punctuation */
         || (c >= 0xff00 && c <= 0xffef)      /* full-width forms */
         || (c >= 0x2010 && c <= 0x2027);     /* dashes, quotes, ellipsis */
}

/* The most frequent characters of modern Chinese.  They make up about two
 * thirds of the characters of a real report, and a few per cent of the
 * mojibake that other bytes (Big5, UTF-8, random) give when read as GB18030:
 * such bytes nearly always convert, and into CJK characters, so converting
 * proves little on its own. */
static const char common_hanzi[] =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
  "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
  "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
  "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
  "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
  "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
  "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
  "压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安"
  "场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
  "温传土许步群广石记需段研界";

/* Whether text read as GB18030 is Chinese: of the characters that are not
 * ASCII (ASCII reads the same either way), at least four in five are CJK,
 * and of the first Han characters, at least one in five is a common one. */
static gboolean
reads_as_chinese (const char *text, gsize len)
{
  const char *end = text + len;
  gsize n_cjk = 0, n_other = 0, n_han = 0, n_common = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        continue;
      if (!is_cjk (c))
        {
          n_other++;
          continue;
        }
      n_cjk++;
      /* A sample is enough, and keeps the linear search cheap. */
      if (n_han < 10000 && g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
        {
          n_han++;
          n_common += g_utf8_strchr (common_hanzi, -1, c) != NULL;
        }
    }
  return n_han > 0 && n_cjk >= 4 * n_other && n_common * 5 >= n_han;
}

/* Opening and closing a converter loads and unloads glibc's gconv modules
 * under the dynamic loader's own lock, which a race detector cannot see
 * (nor the futexes under a GMutex): the loader's threads open and close
 * converters under this one, so that their order is seen.  The conversion
 * itself runs unlocked. */
static pthread_mutex_t converter_lock = PTHREAD_MUTEX_INITIALIZER;

static char *
convert (const char *data, gsize len, const char *from, gsize *out_len)
{
  gsize bytes_read = 0;
  g_autofree char *text = NULL;
  GIConv converter;

  pthread_mutex_lock (&converter_lock);
  converter = g_iconv_open ("UTF-8", from);
  pthread_mutex_unlock (&converter_lock);
  if (converter == (GIConv) -1)
    return NULL;
  text = g_convert_with_iconv (data, len, converter, &bytes_read, out_len, NULL);
  pthread_mutex_lock (&converter_lock);
  g_iconv_close (converter);
  pthread_mutex_unlock (&converter_lock);

  /* With bytes_read, g_convert_with_iconv accepts a partial character at the
   * end. */
  if (text == NULL || bytes_read != len)
    return NULL;
  return g_steal_pointer (&text);
}

/* A multi-byte character cut off by the end of the data: a lead byte and
 * fewer continuation bytes than it announces, each in its allowed range. */
static gboolean
is_cut_utf8_char (const guchar *p, gsize n)
{
  gsize need;
  guchar lo = 0x80, hi = 0xbf;

  if (n == 0 || n > 3)
    return FALSE;
  if (p[0] >= 0xc2 && p[0] <= 0xdf)
    need = 2;
  else if (p[0] >= 0xe0 && p[0] <= 0xef)
    need = 3;
  else if (p[0] >= 0xf0 && p[0] <= 0xf4)
    need = 4;
  else
    return FALSE;
  if (n >= need)
    return FALSE;

  /* The second byte's range excludes overlong forms and surrogates. */
  if (p[0] == 0xe0)
    lo = 0xa0;
  else if (p[0] == 0xed)
    hi = 0x9f;
  else if (p[0] == 0xf0)
    lo = 0x90;
  else if (p[0] == 0xf4)
    hi = 0x8f;
  for (gsize i = 1; i < n; i++)
    {
      if (p[i] < lo || p[i] > hi)
        return FALSE;
      lo = 0x80;
      hi = 0xbf;
    }
  return TRUE;
}

/* The length of the valid UTF-8 prefix, and whether that is all there is
 * once one character cut by the end of the data is dropped. */
static gboolean
validate_utf8 (const char *data, gsize len, gsize *valid_len)
{
  const char *end = NULL;

  if (bagu_utf8_validate_len (data, len, &end))
    {
      *valid_len = len;
      return TRUE;
    }
  *valid_len = end - data;
  return is_cut_utf8_char ((const guchar *) end, len - *valid_len);
}

/* Whether the bytes are UTF-8 with a few bad bytes rather than another
 * encoding: GB18030 or Big5 text forms valid UTF-8 sequences only now and
 * then, damaged UTF-8 text nearly always. */
static gboolean
mostly_utf8 (const char *data, gsize len)
{
  const char *p = data, *end = data + len;
  gsize n_valid = 0, n_invalid = 0;

  while (p < end)
    {
      const char *stop = NULL;

      bagu_utf8_validate_len (p, end - p, &stop);
      for (; p < stop; p++)
        if ((guchar) *p >= 0x80)
          n_valid++;
      if (p < end)
        {
          n_invalid++;
          p++;
        }
    }
  return n_valid >= 4 * n_invalid;
}

static gsize
line_of_offset (const char *data, gsize offset)
{
  gsize line = 1;

  for (gsize i = 0; i < offset; i++)
    /* data[i + 1] exists: the offending byte at @offset is still ahead. */
    if (data[i] == '\n' || (data[i] == '\r' && data[i + 1] != '\n'))
      line++;
  return line;
}

static void
set_invalid_utf8_error (const char *data, gsize offset, const char *detail, GError **error)
{
  g_set_error (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_ENCODING,
               "invalid UTF-8 at line %" G_GSIZE_FORMAT ", byte %" G_GSIZE_FORMAT " (%s)",
               line_of_offset (data, offset), offset, detail);
}

static const char *
find_magic (const char *data, gsize len)
{
  for (gsize i = 0; i < G_N_ELEMENTS (magics); i++)
    if (len >= magics[i].len && memcmp (data, magics[i].magic, magics[i].len) == 0)
      return magics[i].message;
  return NULL;
}

/* UTF-16 without a byte-order mark: ASCII characters put a NUL in every
 * other byte.  The side with more NULs is the high byte; the reading must
 * also look like text, which rules out binary data and the wrong order. */
static char *
decode_utf16_guess (const char *data, gsize len, gsize *out_len, const char **out_encoding)
{
  gsize n_even = 0, n_odd = 0;
  const char *order[2];

  if (len % 2 != 0)
    return NULL;
  for (gsize i = 0; i < len; i += 2)
    {
      n_even += data[i] == 0;
      n_odd += data[i + 1] == 0;
    }
  order[0] = n_odd >= n_even ? "UTF-16LE" : "UTF-16BE";
  order[1] = n_odd >= n_even ? "UTF-16BE" : "UTF-16LE";
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      gsize text_len = 0;
      g_autofree char *text = convert (data, len, order[i], &text_len);

      if (text != NULL && looks_like_text (text, text_len))
        {
          *out_len = text_len;
          *out_encoding = order[i];
          return g_steal_pointer (&text);
        }
    }
  return NULL;
}

static char *
decode_as (const Charset *charset, const char *data, gsize len, gsize *out_len)
{
  g_autofree char *text = convert (data, len, charset->name, out_len);

  if (text == NULL && charset->fallback != NULL)
    text = convert (data, len, charset->fallback, out_len);
  if (text == NULL || !looks_like_text (text, *out_len))
    return NULL;
  if (charset->single_byte && !looks_like_alphabetic_text (text, *out_len))
    return NULL;
  return g_steal_pointer (&text);
}

static char *
detect_and_decode (const char *data, gsize len, gsize utf8_len,
                   gsize *out_len, const char **out_encoding, GError **error)
{
  const Charset *charset = NULL;
  char *text;
  uchardet_t detector;

  /* A detector would happily read damaged UTF-8 as GB18030 mojibake. */
  if (mostly_utf8 (data, len))
    {
      set_invalid_utf8_error (data, utf8_len, "the rest looks like UTF-8", error);
      return NULL;
    }

  detector = uchardet_new ();
  if (uchardet_handle_data (detector, data, len) == 0)
    {
      uchardet_data_end (detector);
      charset = lookup_charset (uchardet_get_charset (detector));
    }
  uchardet_delete (detector);

  if (charset != NULL && !charset->single_byte)
    {
      text = decode_as (charset, data, len, out_len);
      if (text != NULL)
        {
          *out_encoding = charset->name;
          return text;
        }
    }

  /* Short GB18030 texts give a detector too little to go on: it names
   * nothing, a wrong multi-byte charset, or a single-byte one, which decodes
   * nearly anything.  In a corpus of Chinese reports, GB18030 that reads as
   * Chinese is the likelier answer. */
  if (charset == NULL || strcmp (charset->name, gb18030.name) != 0)
    {
      text = decode_as (&gb18030, data, len, out_len);
      if (text != NULL && reads_as_chinese (text, *out_len))
        {
          *out_encoding = gb18030.name;
          return text;
        }
      g_free (text);
    }

  if (charset != NULL && charset->single_byte)
    {
      text = decode_as (charset, data, len, out_len);
      if (text != NULL)
        {
          *out_encoding = charset->name;
          return text;
        }
    }

  if (charset != NULL && strcmp (charset->name, gb18030.name) != 0)
    g_set_error (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_ENCODING,
                 "not valid UTF-8 and not decodable as %s or GB18030", charset->name);
  else
    g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_ENCODING,
                         "not valid UTF-8 and not decodable as GB18030");
  return NULL;
}

/* Returns whether the data start with a byte-order mark; if so, either
 * *out_text or @error is set. */
static gboolean
decode_bom (const char *data, gsize len, char **out_text, gsize *out_len,
            const char **out_encoding, GError **error)
{
  static const struct {
    const char *bom;
    gsize len;
    const char *encoding;
  } boms[] = {
    /* UTF-32LE before UTF-16LE: its mark starts with the other's. */
    { "\xff\xfe\0\0", 4, "UTF-32LE" },
    { "\0\0\xfe\xff", 4, "UTF-32BE" },
    { "\xff\xfe", 2, "UTF-16LE" },
    { "\xfe\xff", 2, "UTF-16BE" },
  };

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      gsize valid_len;

      /* g_utf8_validate_len refuses NUL, which is binary, not bad UTF-8. */
      if (memchr (data, 0, len) != NULL)
        {
          g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_BINARY,
                               "binary data (NUL bytes)");
          return TRUE;
        }
      if (!validate_utf8 (data + 3, len - 3, &valid_len))
        {
          set_invalid_utf8_error (data, 3 + valid_len, "after a UTF-8 byte-order mark", error);
          return TRUE;
        }
      *out_text = g_strndup (data + 3, valid_len);
      *out_len = valid_len;
      *out_encoding = "UTF-8 BOM";
      return TRUE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (boms); i++)
    {
      if (len < boms[i].len || memcmp (data, boms[i].bom, boms[i].len) != 0)
        continue;
      *out_text = convert (data + boms[i].len, len - boms[i].len, boms[i].encoding, out_len);
      if (*out_text == NULL)
        g_set_error (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_ENCODING,
                     "not valid %s (after a byte-order mark)", boms[i].encoding);
      else
        *out_encoding = boms[i].encoding;
      return TRUE;
    }
  return FALSE;
}

static char *
decode_bytes (const char *data, gsize len, gsize *out_len, const char **out_encoding,
              GError **error)
{
  const char *binary;
  gsize utf8_len;
  char *text = NULL;

  if (decode_bom (data, len, &text, out_len, out_encoding, error))
    return text;

  binary = find_magic (data, len);
  if (binary != NULL)
    {
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_BINARY, binary);
      return NULL;
    }

  if (memchr (data, 0, len) != NULL)
    {
      text = decode_utf16_guess (data, len, out_len, out_encoding);
      if (text == NULL)
        g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_BINARY,
                             "binary data (NUL bytes)");
      return text;
    }

  if (validate_utf8 (data, len, &utf8_len))
    {
      *out_len = utf8_len;
      *out_encoding = "UTF-8";
      return g_strndup (data, utf8_len);
    }

  return detect_and_decode (data, len, utf8_len, out_len, out_encoding, error);
}

char *
bagu_ingest_decode (const char *data, gsize len, gsize *out_len,
                    const char **out_encoding, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *encoding = NULL;
  gsize text_len = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_len != NULL)
    *out_len = 0;
  if (out_encoding != NULL)
    *out_encoding = NULL;

  if (len == 0)
    {
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_EMPTY, "empty file");
      return NULL;
    }

  text = decode_bytes (data, len, &text_len, &encoding, &local_error);
  if (text == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (memchr (text, 0, text_len) != NULL)
    {
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_BINARY,
                           "binary data (NUL bytes)");
      return NULL;
    }
  if (only_white_space (text, text_len))
    {
      g_set_error_literal (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_EMPTY,
                           "contains only white space");
      return NULL;
    }

  if (out_len != NULL)
    *out_len = text_len;
  if (out_encoding != NULL)
    *out_encoding = encoding;
  return g_steal_pointer (&text);
}

/* ------------------------------------------------------------------------ */
/* Reading */

static void
set_too_large_error (guint64 size, gsize max_size, GError **error)
{
  g_autofree char *size_str = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *max_str = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, BAGU_INGEST_ERROR, BAGU_INGEST_ERROR_TOO_LARGE,
               "file too large (%s; the limit is %s, see --max-file-size)", size_str, max_str);
}

static char *
read_fd (int fd, gsize max_size, gsize *out_len, GError **error)
{
  g_autofree char *buf = NULL;
  struct stat st;
  gsize len = 0, cap;

  if (fstat (fd, &st) < 0)
    {
      set_errno_error (errno, error);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      set_not_regular_error (st.st_mode, error);
      return NULL;
    }
  if ((guint64) st.st_size > max_size)
    {
      set_too_large_error (st.st_size, max_size, error);
      return NULL;
    }

  /* One byte more than the size, so that end of file is seen without a
   * reallocation; the file may still grow while we read it. */
  cap = (gsize) st.st_size + 1;
  buf = g_malloc (cap);
  for (;;)
    {
      gssize n;

      if (len == cap)
        {
          cap = len <= G_MAXSIZE / 2 ? len * 2 : G_MAXSIZE;
          buf = g_realloc (buf, cap);
        }
      n = read (fd, buf + len, cap - len);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_errno_error (errno, error);
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
      if (len > max_size)
        {
          set_too_large_error (len, max_size, error);
          return NULL;
        }
    }
  *out_len = len;
  return g_steal_pointer (&buf);
}

BaguSource *
bagu_ingest_file (const char *path, gsize max_size, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;
  const char *encoding = NULL;
  gsize len = 0, text_len = 0;
  BaguSource *source;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can
   * refuse it; it changes nothing for regular files. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_errno_error (errno, error);
      return NULL;
    }
  data = read_fd (fd, max_size, &len, error);
  g_close (fd, NULL);
  if (data == NULL)
    return NULL;

  text = bagu_ingest_decode (data, len, &text_len, &encoding, error);
  if (text == NULL)
    return NULL;

  source = g_new0 (BaguSource, 1);
  source->path = g_strdup (path);
  source->encoding = encoding;
  source->text = g_steal_pointer (&text);
  source->text_len = text_len;
  return source;
}
