"""A full disk during a reindex: one clear line, the live index unchanged, nothing half-written left.

The disk really fills: a 2 MB tmpfs, mounted in a private mount namespace (`unshare`, as
an unprivileged user where user namespaces are allowed) so that nothing stays mounted.
Where neither works the test is skipped.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from synthetic import write_feed

from corpus import samples_path

pytestmark = pytest.mark.faults

DRIVER = Path(__file__).with_name("disk_full.py")


def on_a_full_disk(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("no unshare command")
    mount = tmp_path / "disk"
    mount.mkdir()
    big = write_feed(tmp_path / "big.jsonl", 2000, "bigword")
    command = ["unshare", "--mount", "--map-root-user", sys.executable, str(DRIVER), str(mount),
               str(samples_path()), str(big)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode and not done.stdout.strip():
        pytest.skip(f"cannot make a mount namespace: {done.stderr.strip()}")
    found = json.loads(done.stdout)
    if "skip" in found:
        pytest.skip(found["skip"])
    return mount / "index", found


def test_a_full_disk_keeps_the_live_index_and_removes_what_was_written(tmp_path):
    index, found = on_a_full_disk(tmp_path)
    assert found["first"]["code"] == 0, found["first"]
    before = found["before"]

    full = found["full"]
    assert full["code"] == 1
    message = full["err"].strip()
    assert message.startswith("Error: no space left on device while writing the new index at "
                              f"{index}/gen-"), message
    assert message.endswith("; the live index is unchanged") and "\n" not in message
    # The live generation serves on; the half-written one is gone.
    assert found["after_full"] == before

    update = found["update"]
    assert update["code"] == 1
    assert update["err"].strip() == (f"Error: no space left on device while adding to the index at "
                                     f"{index / before['live']}; the live index is unchanged")
    # The failed commit's segment files are removed from the live generation too.
    assert found["after_update"] == before

    search = found["search"]
    assert search["code"] == 0 and json.loads(search["out"])["total"] == 5
