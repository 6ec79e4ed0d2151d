"""Mail::DKIM verifier corpus (../shared/conformance/mail-dkim-corpus): 79 messages with FAKE_DNS.dat.

Our per-signature results are folded into Mail::DKIM's overall word (best signature wins) and compared
with expected.tsv. Every difference must be listed in dkim-disagreements.md with its reason; a listed
case that starts to agree, or a new difference, fails (drift).
"""

from __future__ import annotations

import csv

import pytest

from tests.conftest import SHARED
from tests.support.zones_dkim import known_disagreements, mail_dkim_fake_dns, mail_dkim_word, stub_source, verify

CORPUS = SHARED / "conformance" / "mail-dkim-corpus"
ROWS = list(csv.DictReader((CORPUS / "expected.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
SOURCE = stub_source(mail_dkim_fake_dns(CORPUS / "FAKE_DNS.dat"))
KNOWN = known_disagreements("mail-dkim-corpus")


def test_corpus_size() -> None:
    assert len(ROWS) == 79


def test_every_listed_disagreement_is_a_corpus_file() -> None:
    assert set(KNOWN) <= {r["file"] for r in ROWS}


@pytest.mark.parametrize("row", ROWS, ids=[r["file"] for r in ROWS])
def test_mail_dkim_case(row: dict[str, str]) -> None:
    ours = mail_dkim_word(verify((CORPUS / "corpus" / row["file"]).read_bytes(), SOURCE))
    if row["file"] in KNOWN:
        upstream, listed = KNOWN[row["file"]]
        assert upstream == row["expected"], "dkim-disagreements.md quotes the wrong upstream result"
        assert ours == listed != row["expected"]
    else:
        assert ours == row["expected"]
