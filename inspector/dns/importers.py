"""Importers from other tools' DNS data into snapshot entries."""

from __future__ import annotations

from typing import Any


def mailauth_cache_entries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """mailauth ``--dns-cache`` JSON (``{name: {TYPE: [answers]}}``) as snapshot entries.

    That format cannot say NXDOMAIN, NODATA or timeout: an empty list is taken as NODATA.
    TXT answers are arrays of character-strings (or a bare string); MX answers are
    ``{exchange, priority}``.
    """
    entries: list[dict[str, Any]] = []
    for name, types in doc.items():
        if not isinstance(types, dict):
            continue
        for rtype, answers in types.items():
            rtype = str(rtype).upper()
            if not isinstance(answers, list):
                answers = [answers]
            rdata: list[Any] = []
            for a in answers:
                if rtype in ("TXT", "SPF"):
                    rdata.append(a if isinstance(a, list) else [a])
                elif rtype == "MX" and isinstance(a, dict):
                    exchange = str(a.get("exchange", ""))
                    rdata.append([int(a.get("priority", 0)), exchange if exchange.endswith(".") else exchange + "."])
                elif isinstance(a, list):
                    # mailauth writes A/AAAA answers as one-element lists.
                    rdata.extend(str(x) for x in a)
                else:
                    rdata.append(str(a))
            entries.append({"name": name, "type": rtype, "status": "NOERROR" if rdata else "NODATA", "rdata": rdata})
    return entries
