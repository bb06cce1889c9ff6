/* SPDX-License-Identifier: MIT
 * cli.h - the consentscan command-line tool: the only code that parses argv, prints to stdout
 * and decides exit statuses (style.md 10.2). Single-threaded except where a command starts
 * threads itself.
 */
#ifndef CS_CLI_H
#define CS_CLI_H

#include "cs_setup.h"

#include <stdio.h>

/* Exit statuses (README "Exit codes"; `consentscan --help`). */
enum cs_exit {
    CS_EXIT_OK = 0,      /* allowed / no reservation found */
    CS_EXIT_FLAGGED = 1, /* some URL is DISALLOW_FULL or _PARTIAL for a queried purpose */
    CS_EXIT_UNKNOWN = 2, /* else some verdict is UNKNOWN (network error, robots.txt 5xx/429) */
    CS_EXIT_USAGE = 3,   /* usage error found before any request */
    CS_EXIT_STORE = 4,   /* the store could not be opened or written */
    CS_EXIT_INTERNAL = 5 /* out of memory, or a bug */
};

int cs_cmd_check(int argc, char **argv);
int cs_cmd_crawl(int argc, char **argv);
int cs_cmd_robots(int argc, char **argv);
int cs_cmd_robots_usage(int argc, char **argv);
int cs_cmd_xrobots(int argc, char **argv);
int cs_cmd_export(int argc, char **argv);
int cs_cmd_graph(int argc, char **argv);
int cs_cmd_card(int argc, char **argv);
int cs_cmd_croissant(int argc, char **argv);
int cs_cmd_urllist(int argc, char **argv);
int cs_cmd_sf_dictionary(int argc, char **argv);
int cs_cmd_content_usage(int argc, char **argv);
int cs_cmd_tdmrep(int argc, char **argv);
int cs_cmd_tdmrep_extract(int argc, char **argv);
int cs_cmd_tdmrep_header(int argc, char **argv);
int cs_cmd_aitxt(int argc, char **argv);
int cs_cmd_rsl(int argc, char **argv);
int cs_cmd_embedded(int argc, char **argv);
int cs_cmd_registry(int argc, char **argv);

/* Prints the usage text to f. */
void cs_usage(FILE *f);

/* Prints "consentscan: MESSAGE" on stderr and returns status: the one-line error rule. */
int cs_die(int status, const char *fmt, ...) CS_PRINTF(2, 3);

/* Parses a whole non-negative number; false when s is not one or exceeds max. */
bool cs_parse_num(const char *s, long long max, long long *out);

/* Returns owned: the default User-Agent, "consentscan/VERSION (+URL)". */
const char *cs_default_user_agent(void);

/* Reads a whole file ("-" = standard input) of at most max bytes (0 = no limit). Returns owned
 * (free()) NUL-terminated bytes, or NULL after printing a one-line error. */
char *cs_read_file(const char *path, size_t max, size_t *len_out);

struct cs_robots;

/* Reads and parses a robots.txt file of at most max_bytes (0 = no cap). Returns owned (free with
 * cs_robots_free), or NULL after cs_read_file printed why (or out of memory). */
struct cs_robots *cs_cli_robots_load(const char *path, size_t max_bytes);

/* The path and query of url to match rules against, or url itself when it starts with "/".
 * Returns owned (free()), or NULL when url is malformed or memory ran out. */
char *cs_path_of(const char *url);

/* The store directory of a reading command: db (--db) or the default one. Returns it (the
 * default Returns owned into *owned, freed by the caller), or NULL after printing why. */
const char *cs_store_dir_of(const char *db, char **owned);

struct cs_buf;
struct jw;

/* Ends the one JSON object w wrote into b: prints it on its own line, releases b. Returns CS_OK
 * or CS_E_NOMEM (nothing printed). */
int cs_print_json(struct cs_buf *b, const struct jw *w);
#endif
