#ifndef AVV_CLIBXML2_SHIM_H
#define AVV_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU; its ICU headers clash with the ICU copy inside
   Foundation. avv never uses libxml2's ICU converters, so keep them out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/HTMLparser.h>

/// `xmlFree` is a global function pointer; Swift 6 rejects touching it directly.
static inline void cxml_free(void *p) { xmlFree(p); }

#endif
