"""Regional brands of the table (postal services, national banks, telecoms) and their false-positive traps.

Expected values come from the brands themselves: Correios is correios.com.br, Bradesco is bradesco.com.br
and also runs bradescoseguros.com.br, Mercado Libre sells from mercadolibre.com.mx, Claro and Otto are
ordinary words and first names, CaixaBank (Spain) is not Caixa (Brazil).
"""

from __future__ import annotations

import pytest

from inspector.lookalike import check_message
from inspector.lookalike.domains import find_domain_match
from inspector.lookalike.hosts import parse_host
from inspector.lookalike.reference import Reference, build_reference
from inspector.model.report import Identities
from inspector.settings import AnalysisSettings


@pytest.fixture(scope="module")
def ref() -> Reference:
    return build_reference()


def _findings(display: str, address: str) -> list[tuple[str, str, str, str]]:
    ids = Identities(
        from_header=f"{display} <{address}>",
        from_display_name=display,
        from_address=address,
        from_domain=address.split("@")[1],
    )
    return [(f.field, f.kind, f.severity, f.resembles) for f in check_message(ids, (), AnalysisSettings()) or ()]


def _domain(name: str, ref: Reference) -> tuple[str, str, str] | None:
    host = parse_host(name)
    assert host is not None and host.is_valid
    m = find_domain_match(host, ref)
    return (m.kind, m.severity, m.resembles) if m else None


@pytest.mark.parametrize(
    ("display", "address", "resembles"),
    [
        ("Correios", "avisos.entrega@gmail.com", "correios.com.br"),
        ("Banco Bradesco", "atendimento.bradesco@hotmail.com", "bradesco.com.br"),
        ("Itaú Unibanco", "alerta@outlook.com", "itau.com.br"),
        ("Nubank", "seguranca.nu@yahoo.com.br", "nubank.com.br"),
        ("Poste Italiane", "avviso@libero.it", "poste.it"),
        ("PostNL", "bezorging.info@gmail.com", "postnl.nl"),
    ],
)
def test_regional_brand_name_from_a_free_mailbox_is_impersonation(display: str, address: str, resembles: str) -> None:
    assert ("From display name", "display-name", "high", resembles) in _findings(display, address)


@pytest.mark.parametrize(
    ("candidate", "kind", "resembles"),
    [
        ("bradecso.com", "typo", "bradesco.com.br"),  # two letters swapped, under a cheap generic ending
        ("correi0s.com.br", "homoglyph", "correios.com.br"),  # digit zero for o
        ("nubank-seguranca.com", "combosquat", "nubank.com.br"),  # Portuguese lure word ("security")
        ("itau-atualizacao.com", "combosquat", "itau.com.br"),  # a short brand needs the lure word ("update")
        ("support-trustwallet.com", "combosquat", "trustwallet.com"),
    ],
)
def test_regional_brand_lookalike_domains_are_found(candidate: str, kind: str, resembles: str, ref: Reference) -> None:
    found = _domain(candidate, ref)
    assert found is not None and found[0] == kind and found[2] == resembles


@pytest.mark.parametrize(
    ("display", "address"),
    [
        ("Bradesco Seguros", "contato@bradescoseguros.com.br"),  # Bradesco's insurance arm, its own domain
        ("Mercado Libre", "info@mercadolibre.com.mx"),  # the Mexican site of Mercado Livre
        ("CaixaBank", "noreply@caixabank.es"),  # the Spanish bank, not Caixa (Brazil)
        ("PostNord", "no-reply@postnord.se"),
        ("Banco Santander", "avisos@santander.com.br"),
    ],
)
def test_brand_owned_domain_is_not_flagged(display: str, address: str) -> None:
    assert _findings(display, address) == []


@pytest.mark.parametrize(
    ("display", "address"),
    [
        ("Claro Martínez", "claro.martinez@gmail.com"),  # a first name: Claro the telecom is an ordinary word
        ("Otto Müller", "otto.mueller@web.de"),  # a first name: Otto the retailer
        ("Caixa de Ferramentas", "loja@ferramentas.example"),  # "caixa" is Portuguese for box (a tool box shop)
        ("Vivo Energy", "news@vivoenergy.com"),
    ],
)
def test_common_word_brand_in_a_persons_or_companys_name_is_not_a_claim(display: str, address: str) -> None:
    assert [f for f in _findings(display, address) if f[0] == "From display name"] == []


@pytest.mark.parametrize("candidate", ["claroscuro.com", "ottobock.com", "vivoactive.com", "caixadeagua.com.br"])
def test_common_word_brand_inside_an_ordinary_domain_is_not_flagged(candidate: str, ref: Reference) -> None:
    assert _domain(candidate, ref) is None


def test_containment_is_read_on_the_visual_skeleton_not_the_ascii_fold(ref: Reference) -> None:
    """The fold merges i/l: Italian "accoltellai" must not "contain" Telia; "mynubankbr" still contains Nubank."""
    assert _domain("accoltellai.it", ref) is None
    assert _domain("alumiada.pt", ref) is None  # Portuguese "lit", folds to alvmlada around Jumia's lvmla
    found = _domain("mynubankbr.com", ref)
    assert found is not None and found[0] == "combosquat" and found[2] == "nubank.com.br"
