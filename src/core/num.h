/* Number parsing with range and end checks, and the shortest round-trip form of a double. */
#ifndef OKR_NUM_H
#define OKR_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses all of s (decimal, optional sign) into *out within [min, max]. Returns 0 or -1. */
int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Parses all of s as a finite double. Returns 0 or -1. */
int num_parse_double(const char *s, double *out);
/* Parses a number as people type it (forms, the command line): spaces around, commas that group
 * thousands (1,234.5; not the decimal comma of 0,5, which would read ten times too large), the
 * full-width digits, point, comma and minus of a Chinese input method; shorter than
 * NUM_TYPED_MAX bytes once read. Returns 0 or -1. */
enum { NUM_TYPED_MAX = 64 };
int num_parse_typed(const char *text, double *out);
/* Whether a unit written after its figure takes a space: "38 customers", but "38%" and
 * "3000万元" (GLOSSARY.md: no space before Chinese). */
bool num_unit_spaced(const char *unit);
/* Writes v in decimal into buf (NUL-terminated); returns its length. */
size_t num_fmt_i64(char buf[24], int64_t v);
/* Writes the shortest decimal that reads back as v (finite v) into buf; returns buf. */
char *num_fmt_double(char buf[32], double v);

#endif
