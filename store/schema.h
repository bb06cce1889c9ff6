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
    CS_DB_RUNS,     /* "last" -> newest run id; "k" + SHA-256(input key) -> that input's run */
    CS_DB_RUNDONE,  /* unused since the frontier (kept so stores of schema 1 open unchanged) */
    CS_DB_FRONTIER, /* run id (8) || seq (8) -> frontier entry: work waiting in the run */
    CS_DB_SEEN,     /* run id (8) || first 16 bytes of SHA-256(kind || key) -> "": queued once */
    CS_DB__COUNT
};

/* The first database a store of schema 1 may lack (added later without a schema change): a
 * writer creates what is missing at open, a reader sees those databases as empty. */
#define CS_DB_FIRST_OPTIONAL CS_DB_FRONTIER

/* Frontier entry value: kind byte, then the input text, a NUL, then the extra text (may be
 * empty), no trailing NUL. */
#define CS_FRONTIER_SEEN_LEN 16

/* Names of the LMDB named databases, indexed by enum cs_db. */
#define CS_DB_NAMES                                                                        \
    {                                                                                      \
        "meta", "origins", "fetches", "verdicts", "hostfiles", "blobs", "history", "runs", \
            "rundone", "frontier", "seen"                                                  \
    }

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
#define CS_REC_ZLIB_MIN                                                 \
    8192 /* bodies longer than this are compressed (the big verdicts of \
            robots.txt files naming many agents; smaller ones are not   \
            worth the writer thread's time) */
#define CS_REC_FETCH      'F'
#define CS_REC_VERDICT    'V'
#define CS_REC_HOSTFILE   'H'
#define CS_REC_HISTORY    'S'
#define CS_REC_BLOB       'B'
#define CS_BLOB_LEN_BYTES 8

/* Largest body the store accepts or decompresses (a bomb guard). */
#define CS_BLOB_MAX ((size_t)64 << 20)

#endif
