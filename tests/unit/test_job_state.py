"""JobState: the job vocabulary the GUI's job layer and the batch runner share (issue 13, item 4)."""

from __future__ import annotations

import json

import pytest

from inspector.model.vocabulary import JobState


def test_job_states_are_their_words() -> None:
    assert [s.value for s in JobState] == ["queued", "running", "done", "failed", "cancelled"]
    assert JobState.RUNNING == "running"
    assert json.dumps([JobState.DONE]) == '["done"]'
    assert f"{JobState.CANCELLED}" == "cancelled"


def test_only_done_failed_and_cancelled_are_final() -> None:
    assert {s for s in JobState if s.finished} == {JobState.DONE, JobState.FAILED, JobState.CANCELLED}


def test_an_unknown_word_is_refused() -> None:
    with pytest.raises(ValueError):
        JobState("finished")
