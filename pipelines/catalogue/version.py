"""One fingerprint of the catalogue code and tables: a change remaps indicators, re-resolves regions and
rebuilds the attainment marts."""
from __future__ import annotations

from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse.inventory import code_fingerprint

_LEXICONS = PROJECT_ROOT / "pipelines" / "lexicons"
CATALOGUE_VERSION = code_fingerprint(
    PROJECT_ROOT / "pipelines" / "catalogue",
    *(_LEXICONS / name for name in ("indicators.csv", "qualifiers.csv", "china_divisions.csv",
                                     "china_division_changes.txt", "periods.json", "linking.json",
                                     "reference/national_health_indicators.csv")),
)
