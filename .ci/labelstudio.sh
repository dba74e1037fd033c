#!/usr/bin/env bash
# A throw-away Label Studio server for the integration test (tests/integration/test_labelstudio_server.py).
#
#   bash .ci/labelstudio.sh start   # install (once) + start; prints the env file to source
#   bash .ci/labelstudio.sh env     # prints the env file's path
#   bash .ci/labelstudio.sh stop    # stops the server this script started
#
# The server lives in its own virtual environment (label-studio pins an older pyarrow than
# `datasets` needs, so it never goes into the project's environment), listens on 127.0.0.1
# on a free port, and starts from a fresh data directory with a new user whose legacy API
# token and password are random. `start` writes LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY
# (and the UI login, GWRCOMMIT_LS_EMAIL / GWRCOMMIT_LS_PASSWORD, for the browser test) to
# the env file (mode 600) and never prints them. Settings (environment):
#   GWRCOMMIT_LS_HOME      where the venv, data, log and env file go
#                          (default: ${TMPDIR:-/tmp}/gwrcommit-labelstudio)
#   GWRCOMMIT_LS_VERSION   label-studio version to install (default below)
#   GWRCOMMIT_LS_WAIT      seconds to wait for /health (default 300)
set -euo pipefail

LS_VERSION="${GWRCOMMIT_LS_VERSION:-1.23.2}"
LS_HOME="${GWRCOMMIT_LS_HOME:-${TMPDIR:-/tmp}/gwrcommit-labelstudio}"
LS_WAIT="${GWRCOMMIT_LS_WAIT:-300}"
VENV="$LS_HOME/venv"
DATA="$LS_HOME/data"
LOG="$LS_HOME/server.log"
PID_FILE="$LS_HOME/server.pid"
ENV_FILE="$LS_HOME/env"
USER_EMAIL="gwrcommit-ci@example.com"

log() { echo "labelstudio.sh: $*" >&2; }

host_python() {
    command -v python3 >/dev/null 2>&1 || { log "python3 is needed"; exit 1; }
    python3 -c 'import sys; print(sys.executable)'
}

install_server() {
    if [ -x "$VENV/bin/label-studio" ] &&
        [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("label-studio"))' 2>/dev/null)" = "$LS_VERSION" ]; then
        log "label-studio $LS_VERSION already installed in $VENV"
        return
    fi
    rm -rf "$VENV"
    local python
    python="$(host_python)"
    if command -v uv >/dev/null 2>&1; then
        uv venv --quiet --python "$python" "$VENV"
        uv pip install --quiet --python "$VENV/bin/python" "label-studio==$LS_VERSION"
    else
        "$python" -m venv "$VENV"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check "label-studio==$LS_VERSION"
    fi
}

free_port() {
    "$(host_python)" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

random_hex() {
    "$(host_python)" -c "import secrets; print(secrets.token_hex($1))"
}

is_running() {
    [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

# Wait until /health answers and the token is accepted by the API.
wait_ready() {
    local url="$1"
    LS_URL="$url" LS_WAIT="$LS_WAIT" "$(host_python)" - "$ENV_FILE" <<'PY'
import os, sys, time, urllib.request, urllib.error
url, deadline = os.environ["LS_URL"], time.monotonic() + float(os.environ["LS_WAIT"])
token = next(line.split("=", 1)[1].strip().strip("'") for line in open(sys.argv[1])
             if line.startswith("export LABEL_STUDIO_API_KEY="))
def ok(path, headers=None):
    try:
        request = urllib.request.Request(url + path, headers=headers or {})
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
while time.monotonic() < deadline:
    if ok("/health") and ok("/api/projects/", {"Authorization": f"Token {token}"}):
        sys.exit(0)
    time.sleep(1)
sys.exit(1)
PY
}

start() {
    if is_running; then
        log "already running (pid $(cat "$PID_FILE")); env in $ENV_FILE"
        echo "$ENV_FILE"
        return
    fi
    mkdir -p "$LS_HOME"
    local t0 t1 t2 port token password
    t0=$(date +%s)
    install_server
    t1=$(date +%s)
    log "install: $((t1 - t0)) s"

    rm -rf "$DATA"
    mkdir -p "$DATA"
    port="$(free_port)"
    token="$(random_hex 20)"
    password="$(random_hex 16)"
    (
        umask 077
        {
            echo "export LABEL_STUDIO_URL='http://127.0.0.1:$port'"
            echo "export LABEL_STUDIO_API_KEY='$token'"
            # the browser test logs in to the labelling UI with these
            echo "export GWRCOMMIT_LS_EMAIL='$USER_EMAIL'"
            echo "export GWRCOMMIT_LS_PASSWORD='$password'"
        } >"$ENV_FILE"
    )

    # Secrets go through the environment, not the command line (visible in `ps`).
    (
        cd "$LS_HOME"
        export LABEL_STUDIO_BASE_DATA_DIR="$DATA"
        export LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true
        export LABEL_STUDIO_USERNAME="$USER_EMAIL"
        export LABEL_STUDIO_PASSWORD="$password"
        export LABEL_STUDIO_USER_TOKEN="$token"
        export LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK=true
        export COLLECT_ANALYTICS=false
        export LATEST_VERSION_CHECK=false # no call to PyPI at start
        exec setsid "$VENV/bin/label-studio" start --no-browser --internal-host 127.0.0.1 \
            --port "$port" --data-dir "$DATA" --enable-legacy-api-token \
            </dev/null >"$LOG" 2>&1
    ) &
    echo $! >"$PID_FILE"

    if ! wait_ready "http://127.0.0.1:$port"; then
        log "the server did not become ready within $LS_WAIT s; last lines of $LOG:"
        tail -n 30 "$LOG" >&2 || true
        stop
        exit 1
    fi
    t2=$(date +%s)
    log "start: $((t2 - t1)) s; label-studio $LS_VERSION at http://127.0.0.1:$port (pid $(cat "$PID_FILE"))"
    log "for the tests: set -a; . $ENV_FILE; set +a"
    echo "$ENV_FILE"
}

stop() {
    if ! [ -f "$PID_FILE" ]; then
        log "not running"
        return
    fi
    local pid
    pid="$(cat "$PID_FILE")"
    if kill -0 "$pid" 2>/dev/null; then
        # setsid made the server the leader of its own process group: stop that group only.
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 20); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE" "$ENV_FILE"
    log "stopped (pid $pid)"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
env) echo "$ENV_FILE" ;;
*)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
