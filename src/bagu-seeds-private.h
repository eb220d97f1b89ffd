/* bagu-seeds-private.h: what the tests of the seeds set besides the API. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The bits of a run's fingerprint that group positions; all of them
 * unless a test keeps fewer, so that runs of different tokens share
 * fingerprints and must be told apart by their tokens. */
extern guint32 bagu_seeds_fingerprint_mask;

/* The room for seeds of a part of @r of the @n positions of the corpus
 * split in @n_parts: the rooms of the parts make one array, whose length
 * is a guint. */
gsize bagu_seeds_room_of (gsize r, gsize n, guint n_parts);

G_END_DECLS
