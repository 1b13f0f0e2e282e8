/* Serving the embedded assets: GET /assets/{name}. A request that names the current checksum
 * (?v=) may be cached for a year; others revalidate with the ETag. */
#include "web/assets.h"

#include "web/web_int.h"

#include <string.h>

static const struct web_asset *find(const char *name)
{
    for (size_t i = 0; name && i < web_asset_count; i++) {
        if (strcmp(web_assets[i].name, name) == 0) {
            return &web_assets[i];
        }
    }
    return NULL;
}

const char *web_asset_url(const char *name)
{
    const struct web_asset *a = find(name);
    return a ? a->url : "/";
}

void web_asset_get(void *app, struct http_request *req, struct http_response *resp)
{
    (void)app;
    const struct web_asset *a = find(http_param(req, "name"));
    if (!a) {
        http_respond_problem(req, resp, 404, "not-found", NULL, "There is no such asset.", NULL);
        return;
    }
    const char *v = http_query(req, "v");
    const char *q = strchr(a->url, '?');
    bool current = v && q && strcmp(v, q + 3) == 0;
    http_response_header(resp, "Cache-Control",
                         current ? "public, max-age=31536000, immutable" : "no-cache");
    http_response_header(resp, "ETag", a->etag);
    const char *inm = http_header(req, "If-None-Match");
    if (inm && strcmp(inm, a->etag) == 0) {
        http_respond(resp, 304, NULL);
        return;
    }
    struct sb *b = http_respond(resp, 200, a->type);
    sb_put(b, (const char *)a->data, a->len);
}
