#ifndef PASSERELLE_CLIBXML2_SHIM_H
#define PASSERELLE_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so encoding.h would include the system's <unicode/ucnv.h>, whose
 * definitions clash with the ICU copy bundled in Foundation ("UErrorCode has different definitions") in any
 * module that sees both. Without the macro, only the last two fields of xmlCharEncodingHandler disappear from
 * our view of the headers; Passerelle never allocates, copies or reads that struct. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>
#endif
