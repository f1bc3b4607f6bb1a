"""The licences an asset may carry: common SPDX identifiers, or "proprietary".

The list is short on purpose: the licences public bodies actually publish under. An
asset under another licence should ask for it to be added here rather than type free text,
so the catalogue's licence facet stays clean.
"""

PROPRIETARY = "proprietary"

LICENCES: dict[str, str] = {
    "MIT": "MIT License",
    "Apache-2.0": "Apache License 2.0",
    "BSD-2-Clause": "BSD 2-Clause License",
    "BSD-3-Clause": "BSD 3-Clause License",
    "ISC": "ISC License",
    "MPL-2.0": "Mozilla Public License 2.0",
    "EUPL-1.2": "European Union Public Licence 1.2",
    "GPL-2.0-only": "GNU General Public License v2.0 only",
    "GPL-2.0-or-later": "GNU General Public License v2.0 or later",
    "GPL-3.0-only": "GNU General Public License v3.0 only",
    "GPL-3.0-or-later": "GNU General Public License v3.0 or later",
    "LGPL-2.1-only": "GNU Lesser General Public License v2.1 only",
    "LGPL-2.1-or-later": "GNU Lesser General Public License v2.1 or later",
    "LGPL-3.0-only": "GNU Lesser General Public License v3.0 only",
    "LGPL-3.0-or-later": "GNU Lesser General Public License v3.0 or later",
    "AGPL-3.0-only": "GNU Affero General Public License v3.0 only",
    "AGPL-3.0-or-later": "GNU Affero General Public License v3.0 or later",
    "Unlicense": "The Unlicense",
    "CC0-1.0": "Creative Commons Zero v1.0 Universal",
    "CC-BY-4.0": "Creative Commons Attribution 4.0",
    "CC-BY-SA-4.0": "Creative Commons Attribution Share Alike 4.0",
    "OGL-UK-3.0": "Open Government Licence v3.0",
    "ODbL-1.0": "Open Data Commons Open Database License v1.0",
    "ODC-By-1.0": "Open Data Commons Attribution License v1.0",
    "PDDL-1.0": "Open Data Commons Public Domain Dedication and License v1.0",
    PROPRIETARY: "Proprietary (not openly licensed)",
}

_BY_LOWER = {key.lower(): key for key in LICENCES}


def canonical_licence(value: str) -> str | None:
    """The licence's identifier as listed (whatever the case it was typed in), or None."""
    return _BY_LOWER.get(value.strip().lower())


def allows_copies(licence: str) -> bool:
    """Every listed licence but "proprietary" lets others copy and change the work."""
    return licence != PROPRIETARY
