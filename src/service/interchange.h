/* Export and import of a whole tenant in the interchange format (DESIGN.md section 4,
 * docs/interchange.md): a lossless round trip. */
#ifndef OKR_INTERCHANGE_H
#define OKR_INTERCHANGE_H

#include "service.h"

/* Writes tenant s->tenant_id as an interchange document (pretty-printed JSON, keys derived from
 * each record's position, so an export of an import of an export is byte-identical) into out.
 * Needs an admin or the operator. One read transaction. */
enum err_code svc_export(struct svc *s, struct sb *out, struct err *err);

/* The largest document svc_import takes; readers need read no further than one byte past it. */
enum { SVC_IMPORT_MAX_BYTES = 256 * 1024 * 1024 };

/* Validates the document data[0..n) whole, then creates a new tenant from it in one
 * transaction; on any error nothing is written and err names the record and field, e.g.
 * field "objectives[2].key_results[0].target". Sets *tenant_id to the new tenant. Text and
 * records allocated while importing live in arena a. */
enum err_code svc_import(struct store *st, struct arena *a, int64_t now, const char *data,
                         size_t n, int64_t *tenant_id, struct err *err);

#endif
