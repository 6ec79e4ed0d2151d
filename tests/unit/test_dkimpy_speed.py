"""The faster dkimpy conversions give exactly what dkimpy's own loops give."""

from __future__ import annotations

import random

from inspector.auth import dkimpy_speed


def test_conversions_match_dkimpy() -> None:
    rng = random.Random(7)
    values = [
        0,
        1,
        255,
        256,
        65535,
        *(rng.getrandbits(b) for b in (8, 63, 64, 512, 1024, 2048, 4096) for _ in range(5)),
    ]
    for n in values:
        assert dkimpy_speed.int2str(n) == bytes(dkimpy_speed._original_int2str(n))
        for length in (0, 1, 3, 32, 256, 300):
            assert dkimpy_speed.int2str(n, length) == bytes(dkimpy_speed._original_int2str(n, length))
        raw = dkimpy_speed.int2str(n)
        assert dkimpy_speed.str2int(raw) == dkimpy_speed._original_str2int(raw) == n
    assert dkimpy_speed.str2int(b"") == dkimpy_speed._original_str2int(b"") == 0


def test_installed_in_dkimpy() -> None:
    import dkim.crypto

    import inspector.auth.dkim  # noqa: F401 - importing the verifier installs the conversions

    assert dkim.crypto.int2str is dkimpy_speed.int2str
