/* SPDX-License-Identifier: MIT
 * linkclass.h - classing helpers for URLs found in dataset metadata (issue 4: "only data-source
 * links flag a dataset"; lineage.h enum cs_link_class), shared by the Croissant, CKAN and card
 * readers. URLs stay as written: these helpers look at the scheme, host and path only, to class,
 * never to rewrite (the crawler canonicalises with libcurl). Pure and reentrant.
 */
#ifndef CS_LINKCLASS_H
#define CS_LINKCLASS_H

#include "cs_setup.h"

#include "lineage.h"

/* True when s starts with "http://" or "https://" (any case) and has a host. */
bool cs_linkclass_is_http(const char *s);

/* True when url is a copy hosted by the Hugging Face Hub itself, not a source (issue 4; peers.md
 * 5.2, 6.2): huggingface.co or hf.co paths /datasets/<id>/(tree|resolve|blob|raw)/...,
 * /<model>/resolve/..., /api/datasets/<id>/parquet..., and any subdomain of huggingface.co or
 * hf.co (datasets-server, cdn-lfs, cas-bridge ...). */
bool cs_linkclass_is_hosted(const char *url);

/* The Hub dataset id a URL names: https://huggingface.co/datasets/<org>/<name>[/...] (also
 * hf.co, www., http:, and the legacy one-segment form) and hf://datasets/<id>. Returns owned
 * (free()) the id when it is a Hub id (cs_lineage_is_hub_id), NULL otherwise or on out of
 * memory. */
char *cs_linkclass_hub_dataset(const char *url);

/* Class by host for URLs in free-text or unknown places: doi.org, dx.doi.org, arxiv.org,
 * aclanthology.org, openreview.net -> CS_LINK_PAPER; github.com, gitlab.com, bitbucket.org ->
 * CS_LINK_CODE; otherwise dflt. */
enum cs_link_class cs_linkclass_by_host(const char *url, enum cs_link_class dflt);

#endif
