/* SPDX-License-Identifier: MIT
 * dcat_rdf.h - DCAT catalogues and dataset descriptions in RDF/XML (issue 4 item 4, "DCAT
 * catalogues in JSON-LD or RDF/XML"; peers.md 6), read into the struct cs_croissant the JSON-LD
 * reader produces (croissant.h), so the CLI and the crawler handle both alike.
 *
 * The document is parsed by cs_xml_read (xmlwalk.h: no network, no DTD, no entities) and read
 * as RDF/XML without building triples: node elements (typed, <dcat:Dataset rdf:about=...>, or
 * <rdf:Description> with <rdf:type rdf:resource=".../dcat#Dataset"/>), property elements whose
 * value is an rdf:resource or rdf:nodeID reference, element text, a nested node element, or
 * rdf:parseType="Resource"; property attributes give literals; parseType="Literal" values are
 * read as text. Descriptions of one subject (same rdf:about, rdf:ID or rdf:nodeID) are merged;
 * rdf:about, rdf:resource and rdf:ID are resolved against xml:base when there is one.
 *
 * Mapping (one dataset per subject typed dcat:Dataset or schema.org Dataset, or named as the
 * object of a catalogue's dcat:dataset; datasets only named, never described, come last with
 * their IRI as id): id = rdf:about, else dct:identifier; name = dct:title (dc:title,
 * schema:name, foaf:name); url = dcat:landingPage, foaf:homepage or schema:url; licenses =
 * dct:license and dct:rights; derived_from = prov:wasDerivedFrom and dct:source (as for JSON-LD,
 * croissant.h: both print as source_datasets); is_based_on = schema:isBasedOn; same_as =
 * owl:sameAs; conforms_to = dct:conformsTo; files = one per dcat:distribution (nested, or
 * described elsewhere in the document and referenced), content_url = dcat:downloadURL, else
 * dcat:accessURL, else schema:contentUrl; encoding_format = dcat:mediaType or dct:format. A
 * reference value is the IRI, else the referenced node's location or URL, else its title or
 * label, else the literal. Links: every http(s) URL in the dataset's descriptions (attributes,
 * resources, text, nested nodes; references followed only for distributions), classed as for
 * JSON-LD: distribution URLs and derivation sources are data, landing pages and the dataset's
 * IRI homepage, dct:license and dct:rights licence, anything else by host. Paths name the
 * local property names: "distribution[0].downloadURL".
 *
 * Thread-safety: reentrant once libxml2's xmlInitParser() has run (cs_htmlmeta_global_init).
 */
#ifndef CS_DCAT_RDF_H
#define CS_DCAT_RDF_H

#include "croissant.h"
#include "cs_err.h"
#include "cs_setup.h"

/* Limits (style.md 10.13), besides those of struct cs_croissant_opts (bytes: CS_E_LIMIT;
 * datasets, links, nesting walked below a dataset: truncated with a warning). Descriptions past
 * the node cap are not indexed (truncated, warning); a reference is followed at most
 * CS_DCAT_RDF_MAX_REF_DEPTH times to name a value; every property looked at costs one unit of a
 * work budget of 8 per input byte (a subject referenced many times cannot make a small document
 * expensive; truncated, warning). libxml2 itself refuses elements nested deeper than 256. */
#define CS_DCAT_RDF_MAX_NODES     200000
#define CS_DCAT_RDF_MAX_REF_DEPTH 4

/* Reads the len bytes at buf as one RDF/XML document. Returns CS_OK with *out owned
 * (cs_croissant_free), possibly with no dataset (an XML document that is not RDF, a catalogue
 * without datasets); CS_E_PARSE when the bytes are not well-formed XML or hold a DOCTYPE (diag:
 * "rdf: ..."); CS_E_LIMIT when len exceeds opts->max_bytes (default CS_CROISSANT_MAX_BYTES);
 * CS_E_NOMEM. opts may be NULL (defaults). */
CS_MUST_CHECK int cs_dcat_rdf_parse(const char *buf, size_t len,
                                    const struct cs_croissant_opts *opts, struct cs_croissant **out,
                                    struct cs_diag *diag);

#endif
