#!/usr/bin/env bash
# Static checks of the XML hardening: no Foundation XML parser and no dangerous libxml2 option anywhere in the code.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='import FoundationXML|XMLDocument\(|XMLElement\(xmlString|XMLParser\(|shouldResolveExternalEntities|externalEntityResolvingPolicy|XML_PARSE_NOENT|XML_PARSE_DTDLOAD|XML_PARSE_DTDATTR|XML_PARSE_DTDVALID|XML_PARSE_HUGE|XML_PARSE_RECOVER|XML_PARSE_XINCLUDE|xmlSubstituteEntitiesDefault'
if hits=$(grep -rnE "$pattern" Sources adapters 2>/dev/null); then
  echo "check-sources: forbidden XML API or option found:"
  echo "$hits"
  exit 1
fi
echo "check-sources: no forbidden XML API or option in Sources/ and adapters/"
