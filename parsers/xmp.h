/* SPDX-License-Identifier: MIT
 * xmp.h - XMP packets in the first bytes of a file (JPEG APP1, PNG iTXt, an uncompressed PDF
 * metadata stream, WebP, TIFF...: the packet bytes are searched for, whatever the container):
 * IPTC's plus:DataMining and plus:OtherConstraints (signals.md 9.1; decisions 12.3 #20) and
 * TDMRep's tdm:reservation / tdm:policy (signals.md 3.5; both namespaces, 12.3 #9).
 *
 * A packet runs from "<?xpacket begin=" to the end of "<?xpacket end=...?>", or from a bare
 * "<x:xmpmeta" to "</x:xmpmeta>". A packet whose end is not in the buffer is "truncated": its
 * values are not read and that is no verdict either way. XML is read with libxml2 without
 * DTD, entities or network (xmlwalk.h cs_xml_read): a packet with a DOCTYPE is skipped with a
 * diagnostic. The caller must have called xmlInitParser() once (cs_htmlmeta_global_init);
 * after that cs_xmp_scan() is reentrant. Caps: CS_XMP_MAX_PACKETS packets of at most
 * CS_XMP_MAX_PACKET_BYTES each, CS_XMP_MAX_DIAGS diagnostics, values cut to CS_XMP_MAX_VALUE.
 */
#ifndef CS_XMP_H
#define CS_XMP_H

#include "cs_err.h"
#include "cs_setup.h"

#define CS_XMP_PLUS_NS          "http://ns.useplus.org/ldf/xmp/1.0/"
#define CS_XMP_DMI_VOCAB        "http://ns.useplus.org/ldf/vocab/"
#define CS_XMP_MAX_PACKETS      8
#define CS_XMP_MAX_PACKET_BYTES (1u << 20)
#define CS_XMP_MAX_DIAGS        16
#define CS_XMP_MAX_VALUE        2048

/* The PLUS "Data Mining" vocabulary (signals.md 9.1). */
enum cs_dmi {
    CS_DMI_ABSENT = 0, /* no plus:DataMining */
    CS_DMI_UNSPECIFIED,
    CS_DMI_ALLOWED,
    CS_DMI_PROHIBITED_AIMLTRAINING,
    CS_DMI_PROHIBITED_GENAIMLTRAINING,
    CS_DMI_PROHIBITED_EXCEPTSEARCHENGINEINDEXING,
    CS_DMI_PROHIBITED,
    CS_DMI_PROHIBITED_SEECONSTRAINT,
    CS_DMI_PROHIBITED_SEEEMBEDDEDRIGHTSEXPR,
    CS_DMI_PROHIBITED_SEELINKEDRIGHTSEXPR,
    CS_DMI_OTHER, /* a value outside the vocabulary */
    CS_DMI__COUNT
};

struct cs_xmp {
    size_t packets;    /* complete packets found */
    bool truncated;    /* a packet starts in the buffer but does not end there */
    char *data_mining; /* owned: plus:DataMining as written (trimmed); NULL when absent */
    enum cs_dmi dmi;   /* its reading: text after the last "/", case-insensitive, "DMI-" optional */
    bool dmi_noncanonical;    /* not exactly CS_XMP_DMI_VOCAB + code, or a legacy property */
    bool dmi_legacy_property; /* read from Iptc4xmpExt, not plus (signals.md 9.1) */
    char *other_constraints;  /* owned: plus:OtherConstraints (first lang-alt item); NULL */
    char *tdm_reservation;    /* owned: tdm:reservation as written; NULL when absent */
    int tdm_reserved;         /* 1 or 0 when tdm_reservation is "1"/"0"; -1 otherwise (12.3 #8) */
    char *tdm_policy;         /* owned: tdm:policy; NULL when absent */
    const char *tdm_ns;       /* Borrowed static: the TDMRep namespace used; NULL when absent */
    struct cs_diag diags[CS_XMP_MAX_DIAGS]; /* non-canonical values, skipped packets, ... */
    size_t diag_count;
};

/* Scans len bytes (a file's first bytes; binary) for XMP packets and reads the properties
 * above from each complete one; the first packet that holds a property gives its value (a
 * different value later is a diagnostic). Returns CS_OK with *out filled (release with
 * cs_xmp_release; also on an error) or CS_E_NOMEM. Finding nothing is CS_OK with packets 0. */
CS_MUST_CHECK int cs_xmp_scan(const char *buf, size_t len, struct cs_xmp *out);

void cs_xmp_release(struct cs_xmp *x);

/* The vocabulary code ("DMI-PROHIBITED-AIMLTRAINING"); "" for ABSENT, "OTHER" for OTHER. */
const char *cs_dmi_code(enum cs_dmi d);

/* Reads a plus:DataMining value (signals.md 9.1 lenient reading). *canonical (may be NULL)
 * is set when the value is exactly the vocabulary URI of the code. */
enum cs_dmi cs_dmi_parse(const char *value, bool *canonical);

#endif
