/* SPDX-License-Identifier: MIT
 * schema.h - the on-disk layout of the consentscan store (style.md 10.8): named databases, key
 * formats, record header. Internal to store/. Constants only; thread-safe.
 *
 * Digests: SHA-256 (libcrypto), decided once here. origin id = first 8 bytes of
 * SHA-256(origin string); URL hash = first 16 bytes of SHA-256(URL string). Both strings
 * arrive canonical (the crawler canonicalises with curl_url).
 *
 * Named databases and their keys (|| = concatenation):
 *   meta       "schema"     -> decimal text, CS_STORE_SCHEMA_VERSION
 *              "created_by" -> "consentscan <version>"
 *   origins    origin id (8)                        -> origin string (plain text)
 *   fetches    origin id (8) || URL hash (16)       -> record 'F' (latest fetch of the URL)
 *   verdicts   origin id (8) || URL hash (16)       -> record 'V' (latest check of the URL)
 *   hostfiles  origin id (8) || kind name           -> record 'H' (latest fetch of the file)
 *   blobs      SHA-256 of the body (32)             -> blob 'B' (zlib-compressed bytes)
 *   history    origin id (8) || signal || 0x00 || token      -> record 'S'
 *              origin id (8) || signal || 0x00 || 0x01 || SHA-256(token) when the token is
 *              longer than CS_KEY_TOKEN_MAX (0x01 never starts a real token)
 * Keys sharing an origin are adjacent, so per-origin reads are range scans.
 *
 * The lineage graph (issue 4; store/graph.h):
 *   nodes      node key (17)                        -> record 'N' (the node's name and facts)
 *   edges_out  from key (17) || edge kind (1) || to key (17)  -> record 'E' (to name, links)
 *   edges_in   to key (17) || from key (17) || edge kind (1)  -> flags byte (CS_EDGE_F_DATA)
 * node key = node kind (1 byte: the enum cs_node_kind value, model 0, dataset 1, source 2,
 * origin 3) || first 16 bytes of SHA-256(node name). Names can be long URLs, past LMDB's
 * 511-byte key limit, so the key is a fixed-size digest and the record keeps the whole name;
 * every read compares that name with the one asked for (a digest collision reads as absent).
 * Nodes of one kind are adjacent (export by kind is a range scan); the outgoing edges of a node
 * are adjacent in edges_out, its incoming ones in edges_in. Edge kinds are enum cs_edge_kind
 * values (base_model 0, trained_on 1, derived_from 2, links_to 3, at_origin 4).
 * Record 'N': {kind, name, first_seen, and when known sha, last_modified, title, license, entry,
 * origin, fetched_at, gone_at} (times in seconds since the epoch). Record 'E': {to (the target's
 * name), first_seen, links: [{via, class (links_to edges only), detail}]}, links sorted and
 * unique: one edge per (from, kind, to) keeps every field it was found through. Graph records
 * are never compressed (flags byte 0).
 *
 * Values: a CS_REC_HDR_LEN-byte header then the body:
 *   byte 0  record format version (CS_REC_VERSION)
 *   byte 1  record kind ('F', 'V', 'H', 'S', 'B')
 *   byte 2  flags (CS_REC_F_FLAGGED on verdicts, so --flagged filters without parsing JSON;
 *           CS_REC_F_ZLIB when the JSON behind the header is zlib-compressed)
 *   byte 3  reserved, 0
 * Records 'F', 'V', 'H', 'S' carry compact JSON with sorted keys (readable with mdb_dump -p);
 * blobs carry the uncompressed length (8 bytes, big-endian) then a zlib stream (compress2).
 */
#ifndef CS_STORE_SCHEMA_H
#define CS_STORE_SCHEMA_H

#define CS_STORE_SCHEMA_VERSION 1

enum cs_db {
    CS_DB_META,
    CS_DB_ORIGINS,
    CS_DB_FETCHES,
    CS_DB_VERDICTS,
    CS_DB_HOSTFILES,
    CS_DB_BLOBS,
    CS_DB_HISTORY,
    CS_DB_RUNS,      /* "last" -> newest run id; "k" + SHA-256(input key) -> that input's run */
    CS_DB_RUNDONE,   /* unused since the frontier (kept so stores of schema 1 open unchanged) */
    CS_DB_FRONTIER,  /* run id (8) || seq (8) -> frontier entry: work waiting in the run */
    CS_DB_SEEN,      /* run id (8) || first 16 bytes of SHA-256(kind || key) -> "": queued once */
    CS_DB_NODES,     /* lineage graph (issue 4): node key -> record 'N' */
    CS_DB_EDGES_OUT, /* from key || edge kind || to key -> record 'E' */
    CS_DB_EDGES_IN,  /* to key || from key || edge kind -> one flags byte (reverse index) */
    CS_DB__COUNT
};

/* Frontier entry value: kind byte, then the input text, a NUL, then the extra text (may be
 * empty), no trailing NUL. */
#define CS_FRONTIER_SEEN_LEN 16

/* Names of the LMDB named databases, indexed by enum cs_db. */
#define CS_DB_NAMES                                                                        \
    {                                                                                      \
        "meta", "origins", "fetches", "verdicts", "hostfiles", "blobs", "history", "runs", \
            "rundone", "frontier", "seen", "nodes", "edges_out", "edges_in"                \
    }

/* Databases added after the first schema-1 stores: a read-write open creates them in place (no
 * version bump: the change is additive, and an older consentscan ignores them); a read-only open
 * of a store that lacks them reads them as empty. */
#define CS_DB_ADDED(i) ((i) >= CS_DB_FRONTIER)

#define CS_META_SCHEMA     "schema"
#define CS_META_CREATED_BY "created_by"

#define CS_KEY_ORIGIN_LEN 8
#define CS_KEY_URL_LEN    16
#define CS_KEY_DOC_LEN    (CS_KEY_ORIGIN_LEN + CS_KEY_URL_LEN)
#define CS_KEY_SHA_LEN    32
#define CS_KEY_NAME_MAX   64  /* longest kind or signal name */
#define CS_KEY_TOKEN_MAX  256 /* longer tokens are replaced by their digest */
#define CS_KEY_MAX        (CS_KEY_ORIGIN_LEN + CS_KEY_NAME_MAX + 2 + CS_KEY_TOKEN_MAX)

#define CS_REC_HDR_LEN   4
#define CS_REC_VERSION   1
#define CS_REC_F_FLAGGED 0x01
#define CS_REC_F_ZLIB    0x02 /* body: 4-byte big-endian length, then a zlib stream */
#define CS_REC_F_UNKNOWN 0x04 /* verdicts: not flagged, but some queried purpose UNKNOWN */
#define CS_REC_ZLIB_MIN                                                 \
    8192 /* bodies longer than this are compressed (the big verdicts of \
            robots.txt files naming many agents; smaller ones are not   \
            worth the writer thread's time) */
#define CS_REC_FETCH      'F'
#define CS_REC_VERDICT    'V'
#define CS_REC_HOSTFILE   'H'
#define CS_REC_HISTORY    'S'
#define CS_REC_BLOB       'B'
#define CS_REC_NODE       'N'
#define CS_REC_EDGE       'E'
#define CS_KEY_NODE_LEN   17 /* node kind || 16 bytes of SHA-256(name) */
#define CS_KEY_EDGE_LEN   (2 * CS_KEY_NODE_LEN + 1)
#define CS_EDGE_F_DATA    0x01 /* edges_in flag: some link of the edge is of class data */
#define CS_BLOB_LEN_BYTES 8

/* Largest body the store accepts or decompresses (a bomb guard). */
#define CS_BLOB_MAX ((size_t)64 << 20)

#endif
