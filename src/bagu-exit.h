/* bagu-exit.h: the exit codes of the bagu command, documented in bagu(1).
 *
 * These values are part of bagu's interface: scripts test them, so a code is
 * never renumbered and a retired code is never reused. */
#pragma once

typedef enum {
  BAGU_EXIT_OK = 0,          /* every input was analysed, every output written */
  BAGU_EXIT_SKIPPED = 1,     /* some inputs could not be used and were skipped */
  BAGU_EXIT_USAGE = 2,       /* bad command line, or a subcommand not available */
  BAGU_EXIT_NO_INPUT = 3,    /* nothing could be analysed (or --strict and a skip) */
  BAGU_EXIT_OUTPUT = 4,      /* an output could not be written */
  BAGU_EXIT_LIMIT = 5,       /* a resource limit was exceeded (corpus too large) */
  BAGU_EXIT_INTERRUPTED = 6, /* stopped by SIGINT or SIGTERM; no output left behind */
} BaguExit;
