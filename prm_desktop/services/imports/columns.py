"""Column specifications of the spreadsheet imports and header matching (formats.md §4).

Each import kind has canonical fields, each with English and French aliases (plus the Salesforce
Accounts-report headers for partners). Headers are matched case-, space-, accent- and
punctuation-insensitively. The resulting :class:`ColumnMapping` can be corrected by the user
(:meth:`ColumnMapping.with_override`) before the rows are parsed.

Child imports (contacts, certifications, references, revenue, targets) name their partner with
``partner_id`` (the app's own id, as exports write it), ``partner`` (its name), ``siren`` or
``external_id`` (the partner's external id); any one is enough. Partners and contacts files may
carry ``id``, the app's own id of the row (every export writes it; imports match on it first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from prm_desktop.domain.normalize import normalize_header

__all__ = [
    "KINDS",
    "REQUIRED",
    "SPECS",
    "ColumnMapping",
    "field_names",
    "match_columns",
]

_PARTNER_REF = {
    "partner_id": "partner_id|partner id|id partenaire|identifiant partenaire",
    "partner": "partner|partenaire|partner name|nom du partenaire|nom partenaire|account name|compte|société",
    "siren": "siren|n° siren|numéro siren|siren partenaire",
    "external_id": "external_id|external id|partner external id|id externe|identifiant externe|account id",
}

_SPECS_TEXT: dict[str, dict[str, str]] = {
    "partners": {
        "id": "id|identifiant",
        "name": "name|nom|nom commercial|enseigne|account name|partner|partner name|partenaire|"
        "nom du partenaire",
        "legal_name": "legal_name|legal name|dénomination|dénomination sociale|raison sociale|company name",
        "type": "type|type de partenaire|partner type|account type",
        "siren": "siren|n° siren|numéro siren",
        "siret": "siret|n° siret|numéro siret",
        "vat": "vat|tva|vat number|n° tva|numéro de tva|tva intracommunautaire|"
        "numéro de tva intracommunautaire",
        "address": "address|adresse|street|rue|billing street|adresse de facturation",
        "postal_code": "postal_code|postal code|postcode|zip|zip code|code postal|cp|billing zip/postal code",
        "city": "city|ville|billing city",
        "country": "country|pays|billing country",
        "region": "region|région|state|billing state/province",
        "website": "website|web site|site web|site internet|url|site",
        "phone": "phone|téléphone|tel|tél|telephone number",
        "email": "email|e-mail|mail|courriel|adresse e-mail",
        "owner": "owner|responsable partenaire|account owner|responsable|partner manager|channel manager",
        "tier": "tier|niveau|partner tier|niveau de partenariat",
        "status": "status|statut|état",
        "since": "since|partner since|date de signature|partenaire depuis|signature date",
        "contract_end": "contract_end|contract end|fin de contrat|date de fin de contrat|contract end date",
        "last_visit": "last_visit|last visit|last visit date|dernière visite|date de dernière visite",
        "parent": "parent|groupe|parent account|maison mère|group",
        "distributor": "distributor|grossiste|distributeur|distributors|grossistes",
        "tags": "tags|tag|étiquettes|mots-clés|mots clés",
        "external_id": "external_id|external id|account id|id externe|identifiant externe",
    },
    "contacts": {
        "id": "id|identifiant",
        **_PARTNER_REF,
        "name": "name|nom|full name|nom complet|contact|nom du contact",
        "first_name": "first_name|first name|prénom",
        "role": "role|rôle|fonction|title|titre|poste|job title",
        "email": "email|e-mail|mail|courriel",
        "phone": "phone|téléphone|tel|tél|mobile|portable",
        "primary": "primary|principal|contact principal|primary contact",
        "left_on": "left_on|left on|date de départ|départ|left",
    },
    "certifications": {
        **_PARTNER_REF,
        "contact": "contact|nom|name|nom du contact|contact name|full name|learner|apprenant",
        "email": "email|e-mail|mail|courriel",
        "certification": "certification|accréditation|code|certification code|code certification|"
        "certification name|nom de la certification",
        "obtained": "obtained|date d'obtention|obtenue le|obtained on|date obtained|issue date|"
        "date de certification",
        "expires": "expires|date d'expiration|expire le|expires on|expiry date|expiration date|expiration",
    },
    "references": {
        **_PARTNER_REF,
        "competency": "competency|compétence|competence id",
        "customer": "customer|client|customer name|nom du client",
        "validated": "validated|validée|validé|validation",
        "date": "date|date de la référence|reference date",
    },
    "revenue": {
        **_PARTNER_REF,
        "quarter": "quarter|trimestre",
        "motion": "motion|mode|mode de vente",
        "product_family": "product_family|product family|famille de produits|famille produit|famille",
        "amount": "amount|montant|chiffre d'affaires|ca|revenue|montant ht",
        "distributor": "distributor|grossiste|distributeur",
        "currency": "currency|devise|monnaie",
    },
    "targets": {
        **_PARTNER_REF,
        "quarter": "quarter|trimestre",
        "amount": "amount|montant|objectif|target",
        "currency": "currency|devise|monnaie",
    },
    "stakeholders": {
        "name": "name|nom|full name|nom complet",
        "first_name": "first_name|first name|prénom",
        "business_unit": "business_unit|business unit|direction|bu|entité|département|department",
        "role": "role|rôle|fonction|title|titre|poste",
        "email": "email|e-mail|mail|courriel",
        "phone": "phone|téléphone|tel|tél|mobile",
        "manager": "manager|responsable|n+1",
    },
    "metrics": {
        **_PARTNER_REF,
        "metric": "metric|indicateur|metric id|indicator|mesure|measure",
        "period": "period|période|month|mois|quarter|trimestre|fiscal year|exercice",
        "value": "value|valeur",
    },
    "facts": {
        **_PARTNER_REF,
        "fact": "fact|fait|condition|fact id",
        "valid_from": "valid_from|valid from|from|valable du|valide du|valable à partir du|depuis|début",
        "valid_until": "valid_until|valid until|until|valable jusqu’au|valable jusqu'au|valide jusqu'au|"
        "valide jusqu’au|jusqu'au|jusqu’au|fin",
    },
}

_PARTNER_REF_GROUP = ("partner", "siren", "external_id", "partner_id")

#: Columns an export adds from the partner list (computed, not imported): skipped without a warning,
#: also with the currency an export names in the header ("revenue (USD)").
_COMPUTED = {
    "partners": "qualified_tier|revenue|attainment|next_visit|at_risk_on|niveau qualifié|"
    "chiffre d’affaires de la période|atteinte de l’objectif|prochaine visite|à risque le",
}

#: Required columns per kind: each group is satisfied by any one of its fields.
REQUIRED: MappingProxyType[str, tuple[tuple[str, ...], ...]] = MappingProxyType(
    {
        "partners": (("name", "legal_name"),),
        "contacts": (_PARTNER_REF_GROUP, ("name",)),
        "certifications": (_PARTNER_REF_GROUP, ("contact", "email"), ("certification",), ("obtained",)),
        "references": (_PARTNER_REF_GROUP, ("competency",), ("customer",)),
        "revenue": (_PARTNER_REF_GROUP, ("quarter",), ("amount",)),
        "targets": (_PARTNER_REF_GROUP, ("quarter",), ("amount",)),
        "stakeholders": (("name",),),
        "metrics": (_PARTNER_REF_GROUP, ("metric",), ("period",), ("value",)),
        "facts": (_PARTNER_REF_GROUP, ("fact",)),
    }
)

#: Field → aliases (as written, English then French) per kind.
SPECS: MappingProxyType[str, dict[str, tuple[str, ...]]] = MappingProxyType(
    {
        kind: {name: tuple(aliases.split("|")) for name, aliases in fields.items()}
        for kind, fields in _SPECS_TEXT.items()
    }
)

#: The import kinds.
KINDS: tuple[str, ...] = tuple(SPECS)

_LOOKUP: dict[str, dict[str, str]] = {
    kind: {normalize_header(alias): name for name, aliases in fields.items() for alias in aliases}
    for kind, fields in SPECS.items()
}
_CURRENCY_SUFFIX = re.compile(r"\s*\([A-Za-z]{3}\)\s*$")
_SKIPPED: dict[str, frozenset[str]] = {
    kind: frozenset(normalize_header(h) for h in headers.split("|")) for kind, headers in _COMPUTED.items()
}


def field_names(kind: str) -> list[str]:
    """Return the canonical fields of an import kind, in display order.

    Raises:
        ValueError: For an unknown kind.
    """
    return list(_spec(kind))


def _spec(kind: str) -> dict[str, tuple[str, ...]]:
    try:
        return SPECS[kind]
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}") from None


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of a file feeds which field.

    Attributes:
        kind: The import kind.
        headers: The file's headers as written.
        field_by_index: Column index → canonical field.
        unknown: Non-empty headers mapped to no field (a warning each; their values are ignored).
        missing_required: Required fields with no column; for a group of alternatives (e.g. partner,
            siren or external_id) the first one is named.
        duplicates: Headers that match a field already fed by an earlier column (ignored).
    """

    kind: str
    headers: tuple[str, ...]
    field_by_index: dict[int, str]
    unknown: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def index_of(self, field_name: str) -> int | None:
        """Return the column index feeding ``field_name``, or None."""
        for index, name in self.field_by_index.items():
            if name == field_name:
                return index
        return None

    def header_of(self, field_name: str) -> str | None:
        """Return the header (as written) of the column feeding ``field_name``, or None."""
        index = self.index_of(field_name)
        return None if index is None else self.headers[index]

    def with_override(self, index: int, field_name: str | None) -> ColumnMapping:
        """Return a copy where column ``index`` feeds ``field_name`` (None: the column is ignored).

        A column that fed the same field before is unmapped; ``unknown`` and ``missing_required`` are
        recomputed (an ignored column is not reported as unknown).

        Raises:
            ValueError: For an index outside the headers or a field the kind does not have.
        """
        if not 0 <= index < len(self.headers):
            raise ValueError(f"column index {index} out of range")
        if field_name is not None and field_name not in _spec(self.kind):
            raise ValueError(f"unknown field {field_name!r} for {self.kind} imports")
        mapping = {i: f for i, f in self.field_by_index.items() if i != index and f != field_name}
        if field_name is not None:
            mapping[index] = field_name
        header = self.headers[index]
        unknown = [
            h for i, h in enumerate(self.headers) if i != index and h in self.unknown and i not in mapping
        ]
        duplicates = [h for h in self.duplicates if h != header]
        return replace(
            self,
            field_by_index=dict(sorted(mapping.items())),
            unknown=unknown,
            missing_required=_missing(self.kind, mapping.values()),
            duplicates=duplicates,
        )


def _missing(kind: str, mapped: Iterable[str]) -> list[str]:
    present = set(mapped)
    return [group[0] for group in REQUIRED[kind] if not present.intersection(group)]


def match_columns(kind: str, headers: Sequence[str]) -> ColumnMapping:
    """Match a file's headers to the fields of an import kind.

    Args:
        kind: One of :data:`KINDS`.
        headers: The headers as written in the file.

    Returns:
        The mapping; the first column matching a field wins, later ones are ``duplicates``.

    Raises:
        ValueError: For an unknown kind.
    """
    _spec(kind)
    lookup = _LOOKUP[kind]
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    for index, header in enumerate(headers):
        key = normalize_header(header)
        if not key or normalize_header(_CURRENCY_SUFFIX.sub("", header)) in _SKIPPED.get(kind, ()):
            continue
        name = lookup.get(key)
        if name is None:
            unknown.append(header)
        elif name in mapping.values():
            duplicates.append(header)
        else:
            mapping[index] = name
    return ColumnMapping(
        kind=kind,
        headers=tuple(headers),
        field_by_index=mapping,
        unknown=unknown,
        missing_required=_missing(kind, mapping.values()),
        duplicates=duplicates,
    )
