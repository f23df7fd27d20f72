#!/usr/bin/env bash
# Install newsdesk and its test tools into .venv, then run the tests. Arguments go to pytest:
#   bash tests/run.sh                 # everything
#   bash tests/run.sh -m "not slow"   # skip the fresh-install packaging test
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv; then
        rm -rf .venv
        echo "tests/run.sh: '$python -m venv' failed; on Debian/Ubuntu: apt-get install python3-venv" >&2
        exit 1
    fi
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# The browser tests drive Debian's chromium through Playwright (never `playwright install`).
chromium=${NEWSDESK_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "tests/run.sh: installing Debian's chromium for the browser tests" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
    else
        echo "tests/run.sh: no $chromium, so the browser tests will be skipped;" \
             "install it with: sudo apt-get install chromium" >&2
    fi
fi

exec .venv/bin/python -m pytest "$@"
