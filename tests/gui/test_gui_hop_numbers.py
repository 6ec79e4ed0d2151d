"""The GUI names hops in sentences by the number its hop cards and hop table show (hidden hops counted).

Real messages padded with 600 older hops (`tests.unit.test_chain_hop_numbers.padded`): the chain's middle is
hidden, each original hop's number grows by exactly 600, and so must the hop numbers in the chain view's break
labels and the filter view's "tied to hop N" sentence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector.analyze import analyze
from inspector.dns.offline import OfflineSource
from inspector.gui.filters_view import FiltersView
from inspector.gui.main_window import MainWindow
from inspector.ingest import load_bytes
from inspector.settings import AnalysisSettings
from tests.support.corpora import LEGIT, SHARED
from tests.support.padded_chain import PAD, padded

ARCBAD = SHARED / "corpora" / "real-chains" / "rspamd-arcbad.eml"
LINARO = LEGIT / "linaro-mm-sig__1.eml"


def test_break_labels_name_hops_by_their_number_in_the_whole_chain(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    if not ARCBAD.exists():
        pytest.skip("real-chains corpus not available")
    path = tmp_path / "long.eml"
    path.write_bytes(padded(ARCBAD.read_bytes()))
    with qtbot.waitSignal(window.analysisDone, timeout=60_000):
        window.open_paths([str(path)])
    report = window.current_report()
    assert report is not None and report.boundary.hops_omitted > 0
    body = next(m for m in window.chain.break_items if "body changed" in m.text)
    # The same message unpadded reads "between hop 3 and hop 5" (tests/gui/test_gui_chain_marks.py).
    assert body.text.startswith(f"✖ body changed between hop {3 + PAD} and hop {5 + PAD} — ")
    shown = {card.hop.number_shown for card in window.chain.view.cards}
    assert {3 + PAD, 5 + PAD} <= shown


def test_a_filter_tied_to_a_hop_names_its_number(qtbot: QtBot) -> None:
    if not LINARO.exists():
        pytest.skip("legit-dev corpus not available")
    plain = analyze(load_bytes(LINARO.read_bytes()), AnalysisSettings(), OfflineSource())
    long = analyze(load_bytes(padded(LINARO.read_bytes())), AnalysisSettings(), OfflineSource())
    hop = next(f.hop for f in plain.filters if f.vendor == "rspamd" and f.trusted)
    assert hop is not None
    number = plain.hops[hop].number_shown + PAD
    view = FiltersView()
    qtbot.addWidget(view)
    view.set_report(long)
    groups = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
    group = next(g for g in groups if g is not None and "rspamd" in g.text(0))
    child = group.child(0)
    assert child is not None
    basis = child.data(0, Qt.ItemDataRole.UserRole)
    assert f"hop {number} (oldest first)" in basis
    assert any(f"(hop {number})" in f.trust_basis for f in long.filters if f.vendor == "rspamd")
