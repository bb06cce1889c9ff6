/* SPDX-License-Identifier: MIT
 * cs_purposes.c - the compiled-in purpose-class table: one row per known AI crawler token with
 * its class and a one-line basis (signals.md 2.2, 2.4), the class names, and the class-to-purpose
 * mapping (signals.md 12.2). Constant data only; thread-safe.
 */
#include "cs_setup.h"

#include "cs_agents.h"

#include <stdlib.h>

/* Short local names keep one row per line. */
#define C_TRAIN  CS_CLASS_TRAINING
#define C_SEARCH CS_CLASS_SEARCH
#define C_USER   CS_CLASS_USER
#define C_AGENT  CS_CLASS_AGENT
#define C_DATA   CS_CLASS_DATA_PROVIDER
#define C_UNKN   CS_CLASS_UNKNOWN
#define C_ALL    CS_CLASS_ALL

/*
 * Every token of signals.md 2.4 (shared/data/ai-robots.json), the legacy and search tokens of
 * 2.2 and DPI's grouping, and "*". The doc's class column was a starting point; vendor knowledge
 * in 2.2 wins. Conventions: user-triggered fetchers and customer-configured retrieval (RAG)
 * crawlers are USER; browsing and coding agents are AGENT; an "AI Data Scrapers" label with no
 * contrary text is TRAINING ("label only"), but entries the list itself says are not known to be
 * AI-related, undocumented agents, R&D and generic tools are UNKNOWN; mixed use that includes
 * training (Amazonbot) is TRAINING. "list" in a basis means the ai.robots.txt entry; a basis of
 * "list function: X" means the list gives only that category label. Case variants of a token
 * share one row (lookups ignore case).
 *
 * KEEP THIS TABLE SORTED by cs_agent_token_cmp() (lower-cased bytes): lookups use bsearch();
 * test_agents checks the order and that every token of ai-robots.json has a row.
 */
// clang-format off
static const struct cs_agent_row agent_table[] = {
    { "*", C_ALL, "catch-all group: applies to every crawler" },
    { "AddSearchBot", C_SEARCH, "list function: AI Search Crawlers" },
    { "AgentTimes", C_UNKN, "RSS scraping for AI news republishing (list)" },
    { "AI2Bot", C_TRAIN, "Ai2 crawler for open LM training data (list)" },
    { "AI2Bot-DeepResearchEval", C_USER, "list function: AI Assistants (deep research)" },
    { "Ai2Bot-Dolma", C_TRAIN, "Ai2 Dolma corpus for open LM training (list)" },
    { "aiHitBot", C_DATA, "aiHit company-data service built with ML (list)" },
    { "AIWebIndex", C_DATA, "list function: AI Data Providers" },
    { "amazon-kendra", C_SEARCH, "Kendra enterprise search index (list)" },
    { "amazon-QBusiness", C_USER, "Q Business connector fetching for an assistant" },
    { "Amazonbot", C_TRAIN, "mixed: Alexa answers, may train (list, signals.md 2.2)" },
    { "AmazonBuyForMe", C_AGENT, "list function: AI Agents (shopping agent)" },
    { "Amzn-SearchBot", C_SEARCH, "list function: AI Search Crawlers" },
    { "Amzn-User", C_USER, "Amazon fetches to answer user questions (list)" },
    { "Andibot", C_USER, "Andi AI search assistant summarising pages" },
    { "Anomura", C_SEARCH, "Direqt AI search crawler (list)" },
    { "anthropic-ai", C_TRAIN, "legacy Anthropic training token (signals.md 2.2)" },
    { "ApifyBot", C_DATA, "list function: AI Data Providers" },
    { "ApifyWebsiteContentCrawler", C_DATA, "list function: AI Data Providers" },
    { "Applebot", C_SEARCH, "Apple search (Siri, Spotlight); fetches for -Extended" },
    { "Applebot-Extended", C_TRAIN, "policy token: Apple model training; Applebot fetches" },
    { "Aranet-SearchBot", C_UNKN, "list function: Undocumented AI Agents" },
    { "archive.org_bot", C_UNKN, "Internet Archive crawler; archiving, not AI" },
    { "atlassian-bot", C_USER, "indexes connected sites for Rovo AI assistants" },
    { "Awario", C_UNKN, "list: AI Data Scrapers, but not known to be AI" },
    { "AzureAI-SearchBot", C_SEARCH, "list function: AI Search Crawlers" },
    { "Baiduspider", C_SEARCH, "Baidu web search crawler" },
    { "bedrockbot", C_USER, "crawls URLs a Bedrock customer chose (RAG)" },
    { "bigsur.ai", C_USER, "list function: AI Assistants" },
    { "Bingbot", C_SEARCH, "Bing search; Bing's AI opt-out is noarchive (signals.md 4.6)" },
    { "Bravebot", C_DATA, "Brave Search index sold as AI data (list)" },
    { "Brightbot", C_DATA, "list function: AI Data Providers (Bright Data)" },
    { "Brightbot 1.0", C_DATA, "Bright Data; list says LLM/AI training" },
    { "BuddyBot", C_UNKN, "AI learning companion; fetch purpose unclear" },
    { "Bytespider", C_TRAIN, "ByteDance LLM training (list, signals.md 2.2)" },
    { "CCBot", C_TRAIN, "Common Crawl corpus; feeds most LLM pretraining" },
    { "Channel3Bot", C_SEARCH, "list function: AI Search Crawlers" },
    { "ChatGLM-Spider", C_TRAIN, "list function: AI Data Scrapers (label only)" },
    { "ChatGPT Agent", C_AGENT, "OpenAI browsing agent (list: AI Agents)" },
    { "ChatGPT-User", C_USER, "OpenAI fetches on a ChatGPT user's request" },
    { "Claude-Code", C_AGENT, "list function: AI Coding Agents" },
    { "Claude-SearchBot", C_SEARCH, "Anthropic search crawler (vendor docs)" },
    { "Claude-User", C_USER, "Anthropic fetches on a Claude user's request" },
    { "Claude-Web", C_UNKN, "legacy Anthropic token, undocumented (signals.md 2.2)" },
    { "ClaudeBot", C_TRAIN, "Anthropic's training crawler (vendor docs)" },
    { "Cloudflare-AutoRAG", C_USER, "RAG index of a Cloudflare customer's site" },
    { "CloudVertexBot", C_TRAIN, "list: AI Data Scrapers; Vertex AI training crawls" },
    { "Code", C_AGENT, "list function: AI Coding Agents (Copilot)" },
    { "cohere-ai", C_USER, "retrieves for user prompts (list); DPI: Cohere" },
    { "cohere-training-data-crawler", C_TRAIN, "Cohere LLM training data (list)" },
    { "Cotoyogi", C_TRAIN, "ROIS LLM training crawler (list)" },
    { "CragCrawler", C_DATA, "list function: AI Data Providers" },
    { "Crawl4AI", C_UNKN, "open-source crawler library; use set by user" },
    { "Crawlspace", C_DATA, "list function: AI Data Providers" },
    { "Cursor", C_AGENT, "list function: AI Coding Agents" },
    { "Datenbank Crawler", C_UNKN, "list: AI Data Scrapers, but not known to be AI" },
    { "DeepSeekBot", C_TRAIN, "DeepSeek LLM training (list, signals.md 2.2)" },
    { "Devin", C_AGENT, "list function: AI Coding Agents" },
    { "Diffbot", C_DATA, "list function: AI Data Providers" },
    { "DuckAssistBot", C_USER, "real-time fetch for DuckAssist answers" },
    { "DuckDuckBot", C_SEARCH, "DuckDuckGo web search crawler" },
    { "Echobot Bot", C_UNKN, "list: AI Data Scrapers, but not known to be AI" },
    { "EchoboxBot", C_UNKN, "Echobox AI social/email products; use unclear" },
    { "ExaBot", C_DATA, "list function: AI Data Providers (Exa API)" },
    { "ExaSearchBot", C_SEARCH, "list function: AI Search Crawlers" },
    { "FacebookBot", C_TRAIN, "Meta's older LM training crawler (list, signals.md 2.2)" },
    { "facebookexternalhit", C_UNKN, "link previews; AI use only suspected (list)" },
    { "Factset_spyderbot", C_TRAIN, "FactSet AI model training (list)" },
    { "FirecrawlAgent", C_DATA, "list function: AI Data Providers" },
    { "FriendlyCrawler", C_TRAIN, "builds ML datasets (list)" },
    { "GeistHaus-PageFetcher", C_USER, "list function: AI Assistants" },
    { "Gemini-Deep-Research", C_USER, "fetches for a user's Gemini Deep Research" },
    { "Google-Agent", C_AGENT, "Google browsing agent (list: AI Agents)" },
    { "Google-CloudVertexBot", C_USER, "owner-requested crawl for Vertex AI Agents" },
    { "Google-Extended", C_TRAIN, "policy token: Gemini training, grounding; Googlebot fetches" },
    { "Google-Firebase", C_USER, "fetches for apps built on Firebase AI (list)" },
    { "Google-Gemini-CLI", C_AGENT, "list function: AI Coding Agents" },
    { "Google-NotebookLM", C_USER, "fetches sources a NotebookLM user adds" },
    { "GoogleAgent-Mariner", C_AGENT, "Google browsing agent (list: AI Agents)" },
    { "GoogleAgent-URLContext", C_USER, "fetches URLs given to Gemini (list)" },
    { "Googlebot", C_SEARCH, "Google Search; fetches for Google-Extended too" },
    { "GoogleOther", C_UNKN, "generic Google R&D crawling (signals.md 2.2)" },
    { "GoogleOther-Image", C_UNKN, "generic Google R&D crawling (signals.md 2.2)" },
    { "GoogleOther-Video", C_UNKN, "generic Google R&D crawling (signals.md 2.2)" },
    { "GPTBot", C_TRAIN, "OpenAI's training crawler (vendor docs)" },
    { "HenkBot", C_DATA, "list function: AI Data Providers (Valyu)" },
    { "ia_archiver", C_UNKN, "web archive crawler; DPI group: Internet Archive" },
    { "iAskBot", C_UNKN, "list function: Undocumented AI Agents" },
    { "iaskspider", C_SEARCH, "iAsk answer-engine spider (see iaskspider/2.0)" },
    { "iaskspider/2.0", C_SEARCH, "iAsk crawls to answer user queries (list)" },
    { "ICC-Crawler", C_TRAIN, "NICT AI training crawler (list)" },
    { "ImagesiftBot", C_SEARCH, "ImageSift similar-image search index (list)" },
    { "imageSpider", C_TRAIN, "list function: AI Data Scrapers (label only)" },
    { "img2dataset", C_TRAIN, "image-dataset downloader for training (signals.md 2.2)" },
    { "ISSCyberRiskCrawler", C_TRAIN, "ISS ML model training (list)" },
    { "kagi-fetcher", C_USER, "Kagi fetches to answer user queries (list)" },
    { "Kangaroo Bot", C_TRAIN, "Kangaroo LLM training data (list)" },
    { "Kimi-User", C_USER, "Moonshot AI fetches for Kimi users (list)" },
    { "KlaviyoAIBot", C_USER, "fetches user-connected domains for Klaviyo AI" },
    { "KunatoCrawler", C_UNKN, "list function: Undocumented AI Agents" },
    { "laion-huggingface-processor", C_TRAIN, "LAION dataset download (signals.md 2.2)" },
    { "LAIONDownloader", C_TRAIN, "LAION dataset download (signals.md 2.2)" },
    { "LCC", C_TRAIN, "list function: AI Data Scrapers (label only)" },
    { "Lightpanda", C_UNKN, "headless browser; use set by each user" },
    { "LinerBot", C_USER, "Liner assistant fetches for cited answers" },
    { "Linguee Bot", C_TRAIN, "training data for Linguee translation (list)" },
    { "LinkupBot", C_SEARCH, "list function: AI Search Crawlers" },
    { "Manus-User", C_AGENT, "Manus browsing agent (list: AI Agents)" },
    { "meta-externalagent", C_TRAIN, "Meta training and product use (vendor docs)" },
    { "meta-externalfetcher", C_USER, "Meta fetches on a user's request (vendor docs)" },
    { "meta-webindexer", C_SEARCH, "Meta AI search index (vendor docs)" },
    { "MistralAI-User", C_USER, "Mistral fetches on a user's request" },
    { "MistralAI-User/1.0", C_USER, "Mistral fetches on a user's request (list)" },
    { "Mozilla-Tabstack", C_DATA, "list function: AI Data Providers" },
    { "msnbot", C_SEARCH, "legacy Bing search token" },
    { "MyCentralAIScraperBot", C_UNKN, "list: AI data scraper; data use unclear" },
    { "NagetBot", C_UNKN, "Naget AI content discovery; data use unclear" },
    { "netEstate Imprint Crawler", C_UNKN, "list: AI Data Scrapers, hedged; use unclear" },
    { "newsai", C_UNKN, "several newsai brands; use unclear (list)" },
    { "NotebookLM", C_USER, "fetches sources a NotebookLM user adds" },
    { "NovaAct", C_AGENT, "Amazon browsing agent (list: AI Agents)" },
    { "OAI-SearchBot", C_SEARCH, "OpenAI search crawler (vendor docs)" },
    { "omgili", C_DATA, "Webz.io crawler; data is sold (list)" },
    { "omgilibot", C_DATA, "Webz.io crawler; data is sold (list)" },
    { "OpenAI", C_UNKN, "OpenAI token of unclear purpose (list)" },
    { "opencode", C_AGENT, "list function: AI Coding Agents" },
    { "Operator", C_AGENT, "OpenAI browsing agent (list: AI Agents)" },
    { "PanguBot", C_TRAIN, "Huawei Pangu model data (list: AI Data Scrapers)" },
    { "Panscient", C_DATA, "ML-built business data service (list)" },
    { "panscient.com", C_DATA, "ML-built business data service (list)" },
    { "Perplexity-User", C_USER, "Perplexity fetches on a user's request" },
    { "PerplexityBot", C_SEARCH, "Perplexity AI search index (vendor docs)" },
    { "PetalBot", C_SEARCH, "Huawei Petal search and assistant (list)" },
    { "PhindBot", C_USER, "list function: AI Assistants" },
    { "Poggio-Citations", C_USER, "list function: AI Assistants" },
    { "Poseidon Research Crawler", C_UNKN, "AI interpretability lab; use unclear" },
    { "QualifiedBot", C_USER, "reads customer sites for Qualified chatbots" },
    { "Querit-SearchBot", C_DATA, "search API for LLMs (list: AI Data Providers)" },
    { "QueritBot", C_DATA, "search API for LLMs (list: AI Data Providers)" },
    { "QuillBot", C_UNKN, "AI writing tools; fetch purpose unclear (list)" },
    { "quillbot.com", C_UNKN, "AI writing tools; fetch purpose unclear (list)" },
    { "Reflectionbot", C_UNKN, "Reflection AI; undocumented (list)" },
    { "SBIntuitionsBot", C_TRAIN, "SB Intuitions AI development (list)" },
    { "Scrapy", C_UNKN, "generic scraping framework; use set by user" },
    { "SemrushBot-OCOB", C_USER, "fetches for Semrush ContentShake AI (list)" },
    { "SemrushBot-SWA", C_USER, "checks URLs for SEO Writing Assistant (list)" },
    { "Shap-User", C_USER, "Parallel fetches on a user's request (list)" },
    { "ShapBot", C_DATA, "list function: AI Data Providers (Parallel)" },
    { "Sidetrade indexer bot", C_TRAIN, "mixed uses incl. AI training (list)" },
    { "Spider", C_TRAIN, "list function: AI Data Scrapers (label only)" },
    { "TavilyBot", C_DATA, "list function: AI Data Providers" },
    { "Terra Cotta", C_DATA, "list function: AI Data Providers" },
    { "TerraCotta", C_DATA, "list function: AI Data Providers (Ceramic AI)" },
    { "Thinkbot", C_UNKN, "data for AI-usage analysis (list); unclear" },
    { "TikTokSpider", C_TRAIN, "ByteDance LLM training (list, signals.md 2.2)" },
    { "Timpibot", C_TRAIN, "data for training LLMs (list)" },
    { "TongyiBot", C_USER, "Alibaba fetches for the Tongyi assistant" },
    { "Trae", C_AGENT, "list function: AI Coding Agents" },
    { "TwinAgent", C_AGENT, "Twin browser automation (list: AI Agents)" },
    { "UseAI", C_USER, "list function: AI Assistants" },
    { "VelenPublicWebCrawler", C_TRAIN, "business datasets and ML models (list)" },
    { "WARDBot", C_UNKN, "list: AI Data Scrapers, but not known to be AI" },
    { "Webzio-Extended", C_TRAIN, "Webz.io token for AI training use of its data" },
    { "wpbot", C_USER, "site owner's WordPress AI chatbot (list)" },
    { "WRTNBot", C_UNKN, "list function: Undocumented AI Agents" },
    { "YaK", C_UNKN, "Meltwater media intelligence feed (list)" },
    { "YandexAdditional", C_TRAIN, "YandexGPT training data (list, signals.md 2.2)" },
    { "YandexAdditionalBot", C_TRAIN, "YandexGPT training data (list, signals.md 2.2)" },
    { "YandexBot", C_SEARCH, "Yandex web search crawler" },
    { "YiyanBot", C_USER, "Baidu fetches for the Yiyan assistant (list)" },
    { "YouBot", C_SEARCH, "You.com search engine and LLM answers (list)" },
    { "ZanistaBot", C_SEARCH, "list function: AI Search Crawlers" },
};
// clang-format on

#undef C_TRAIN
#undef C_SEARCH
#undef C_USER
#undef C_AGENT
#undef C_DATA
#undef C_UNKN
#undef C_ALL

static const char *const class_names[CS_CLASS__COUNT] = {
    "training", "search", "user-triggered", "agent", "data-provider", "unknown", "all",
};

#define P(x) (1u << CS_PURPOSE_##x)

/*
 * What a robots.txt refusal for an agent of each class reserves the work against, after
 * signals.md 12.2: a training-class token's Disallow is TRAIN_GENAI and TRAIN_ML there; a
 * crawler that collects for training also mines, so TDM is added. "*" (full) is every purpose.
 * Search crawlers: SEARCH. User-triggered fetchers and agents: AI_INPUT (retrieval, grounding).
 * Data providers resell crawled data whose typical buyers train models: treated like training.
 * Unknown purpose: only the broad TDM reading.
 */
static const unsigned class_purposes[CS_CLASS__COUNT] = {
    [CS_CLASS_TRAINING] = P(TRAIN_GENAI) | P(TRAIN_ML) | P(TDM),
    [CS_CLASS_SEARCH] = P(SEARCH),
    [CS_CLASS_USER] = P(AI_INPUT),
    [CS_CLASS_AGENT] = P(AI_INPUT),
    [CS_CLASS_DATA_PROVIDER] = P(TDM) | P(TRAIN_GENAI) | P(TRAIN_ML),
    [CS_CLASS_UNKNOWN] = P(TDM),
    [CS_CLASS_ALL] = P(TRAIN_GENAI) | P(TRAIN_ML) | P(TDM) | P(AI_INPUT) | P(SEARCH),
};

#undef P

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int cs_agent_token_cmp(const char *a, const char *b)
{
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;

    while (*x && lower(*x) == lower(*y)) {
        x++;
        y++;
    }
    return lower(*x) - lower(*y);
}

static int cmp_row(const void *key, const void *elem)
{
    const struct cs_agent_row *row = elem;

    return cs_agent_token_cmp(key, row->token);
}

size_t cs_agent_table_count(void)
{
    return CS_ARRAY_LEN(agent_table);
}

const struct cs_agent_row *cs_agent_table_get(size_t i)
{
    return i < CS_ARRAY_LEN(agent_table) ? &agent_table[i] : NULL;
}

const struct cs_agent_row *cs_agent_table_find(const char *token)
{
    if (!token)
        return NULL;
    return bsearch(token, agent_table, CS_ARRAY_LEN(agent_table), sizeof(agent_table[0]), cmp_row);
}

enum cs_agent_class cs_agent_class_of(const char *token, const char **basis_out)
{
    const struct cs_agent_row *row = cs_agent_table_find(token);
    enum cs_agent_class cls = row ? row->cls : CS_CLASS_UNKNOWN;

    if (basis_out)
        *basis_out = row ? row->basis : "not in the purpose-class table";
    return cls;
}

const char *cs_agent_class_name(enum cs_agent_class c)
{
    return (unsigned)c < CS_CLASS__COUNT ? class_names[c] : "invalid";
}

unsigned cs_agent_class_purposes(enum cs_agent_class c)
{
    return (unsigned)c < CS_CLASS__COUNT ? class_purposes[c] : 0u;
}
