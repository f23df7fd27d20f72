"""Reindexes on a disk that fills up, run in a mount namespace of its own (see test_faults_disk.py).

    python disk_full.py MOUNT_POINT SMALL_INPUT BIG_INPUT

Mounts a 2 MB tmpfs at MOUNT_POINT, builds an index of SMALL_INPUT there (it fits), then
tries a full build and an update from BIG_INPUT (they do not fit), and prints one JSON
object: what each command printed and returned, and what was on the disk after it. The
tmpfs goes away with the namespace, so everything is looked at from in here.
"""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def newsdesk(index, *args):
    done = subprocess.run([sys.executable, "-m", "webapp.cli", "--index", str(index), *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}


def on_disk(index):
    live = (index / "CURRENT").read_text().strip()
    return {
        "live": live,
        "generations": sorted(p.name for p in index.glob("gen-*")),
        "live_files": sorted(p.name for p in (index / live).iterdir()),
    }


def main(mount, small, big):
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount],
                             capture_output=True, text=True)
    if mounted.returncode:
        return {"skip": f"cannot mount a tmpfs: {mounted.stderr.strip()}"}
    index = Path(mount) / "index"
    found = {"first": newsdesk(index, "reindex", small, "--workers", 1)}
    found["before"] = on_disk(index)
    found["full"] = newsdesk(index, "reindex", "--full", big, "--workers", 2)
    found["after_full"] = on_disk(index)
    found["update"] = newsdesk(index, "reindex", big, "--workers", 1)
    found["after_update"] = on_disk(index)
    found["search"] = newsdesk(index, "search", "", "--json")
    return found


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:])))
