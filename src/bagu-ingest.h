/* bagu-ingest.h: from paths to decoded UTF-8 text, one BaguSource per file.
 *
 * Error messages say what is wrong with a file but not its name: the caller
 * knows the path and prefixes it. */
#pragma once

#include <sys/types.h>
#include <glib.h>
#include "bagu-corpus.h"

G_BEGIN_DECLS

#define BAGU_INGEST_ERROR (bagu_ingest_error_quark ())
GQuark bagu_ingest_error_quark (void);

typedef enum {
  BAGU_INGEST_ERROR_NOT_FOUND,    /* no such file or directory */
  BAGU_INGEST_ERROR_UNREADABLE,   /* permission denied, I/O error, vanished */
  BAGU_INGEST_ERROR_NOT_REGULAR,  /* a device, a socket, a FIFO */
  BAGU_INGEST_ERROR_EMPTY,        /* no bytes, or only white space */
  BAGU_INGEST_ERROR_BINARY,       /* an image, an executable, NUL bytes */
  BAGU_INGEST_ERROR_ENCODING,     /* bytes that no supported encoding decodes */
  BAGU_INGEST_ERROR_TOO_LARGE,    /* above the maximum file size */
  BAGU_INGEST_ERROR_DUPLICATE,    /* the same file reached twice */
  BAGU_INGEST_ERROR_LOOP,         /* a directory that contains itself */
} BaguIngestError;

/* The default --max-file-size: generous for text, finite for safety. */
#define BAGU_INGEST_DEFAULT_MAX_SIZE ((gsize) 512 * 1024 * 1024)

/* Called once for every path that is left out, with the reason. */
typedef void (*BaguSkipFunc) (const char *path, const GError *error, gpointer user_data);

/**
 * bagu_ingest_expand_paths:
 * @paths: files and directories, as given
 * @n_paths: their number
 *
 * Expands directories recursively (hidden entries are skipped), drops paths
 * that cannot be used (each reported to @skip) and files reached twice, and
 * sorts the rest by path so results do not depend on the order given.
 *
 * Returns: (transfer full) (element-type utf8): the file paths.
 */
GPtrArray *bagu_ingest_expand_paths (const char *const *paths, guint n_paths,
                                     BaguSkipFunc skip, gpointer user_data);

/* What the expansion saw of a file it kept. */
typedef struct {
  dev_t dev;
  ino_t ino;
  goffset size;
} BaguFileId;

/**
 * bagu_ingest_expand_paths_with_ids:
 * @ids: (out) (optional) (element-type BaguFileId): set to the device,
 *   inode and size of each file of the result, in its order
 *
 * As bagu_ingest_expand_paths(), and gives what it learnt of each file
 * while expanding, so that callers need not ask the file system again.
 */
GPtrArray *bagu_ingest_expand_paths_with_ids (const char *const *paths, guint n_paths,
                                              BaguSkipFunc skip, gpointer user_data,
                                              GArray **ids);

/**
 * bagu_ingest_decode:
 * @data: the bytes of a file
 * @len: their number
 * @out_len: (out): length of the result in bytes
 * @out_encoding: (out) (transfer none): the encoding found, a static string
 *   such as "UTF-8", "UTF-8 BOM", "UTF-16LE", "GB18030", "BIG5"
 *
 * Decodes a file's bytes into UTF-8: a byte-order mark wins, then valid
 * UTF-8, then the encoding a detector finds (GB18030, Big5 …).  The BOM is
 * removed; line ends are kept as they are.  Binary data, NUL characters,
 * undecodable bytes and text without anything but white space are errors.
 *
 * Returns: (transfer full): NUL-terminated UTF-8 text, or %NULL with @error set
 */
char *bagu_ingest_decode (const char *data, gsize len, gsize *out_len,
                          const char **out_encoding, GError **error);

/**
 * bagu_ingest_file:
 * @path: a regular file
 * @max_size: files larger than this many bytes are refused
 *
 * Reads (read-only) and decodes one file.
 *
 * Returns: (transfer full): a source with its path, encoding and text
 */
BaguSource *bagu_ingest_file (const char *path, gsize max_size, GError **error);

G_END_DECLS
