/* The web assets embedded in the binary: build/gen/assets.c, generated from assets/ by
 * scripts/embed_assets.sh (a Makefile rule). */
#ifndef OKR_WEB_ASSETS_H
#define OKR_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
    const char *name; /* "app.css" */
    const char *type; /* Content-Type */
    const char *url;  /* "/assets/app.css?v=<checksum>" */
    const char *etag; /* "\"<checksum>\"" */
    const unsigned char *data;
    size_t len;
};

extern const struct web_asset web_assets[];
extern const size_t web_asset_count;

#endif
