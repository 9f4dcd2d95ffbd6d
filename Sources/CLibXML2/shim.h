#ifndef AVV_CLIBXML2_SHIM_H
#define AVV_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/HTMLparser.h>

/// `xmlFree` is a global function pointer; Swift 6 rejects touching it directly.
static inline void cxml_free(void *p) { xmlFree(p); }

#endif
