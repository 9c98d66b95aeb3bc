#!/usr/bin/env bash
# The Claude Code integration end to end, with the real launcher, daemon and CLI jars: the hooks
# with no daemon (exit 0, nothing printed, quickly) and with a real daemon on a temp git tree
# (hook JSON whose additionalContext is at most 10,000 characters and names the tree's files),
# `agent install` / `status` / `uninstall` into that tree and a temp HOME, and `doctor` (exit 3
# with no daemon, 0 with one). Run by bin/test after the Maven build (jars must exist).
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
S="$repo_root/bin/symdex"
export SYMDEX_NO_BUILD=1
harness_name=agent
. "$repo_root/tests/lib/harness.sh"
export HOME=$work/home   # agent install --user and doctor read ~/.claude*: never the real ones
mkdir -p "$HOME"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
# hook_json SUB INPUT: runs the hook with INPUT on stdin; its stdout in $work/hook.out, exit in $hook_rc, time in $hook_ms
hook_json() {
  local t0; t0=$(ms)
  set +e; "$S" hook "$1" --data-dir "$D" <<<"$2" >"$work/hook.out" 2>"$work/hook.err"; hook_rc=$?; set -e
  hook_ms=$(( $(ms) - t0 ))
}
context_has() { # python expression over c (the additionalContext) and d (the whole output)
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); c=d['hookSpecificOutput']['additionalContext']; sys.exit(0 if ($1) else 1)" "$work/hook.out"
}

mkdir -p "$R/src/app" "$R/src/text"
cat >"$R/src/app/Main.java" <<'JAVA'
package app;
import text.Greeter;
public class Main { public static void main(String[] args) { System.out.println(new Greeter().greeting(args[0])); } }
JAVA
cat >"$R/src/text/Greeter.java" <<'JAVA'
package text;
public class Greeter { public String greeting(String name) { return "Hello, " + name; } }
JAVA
git -C "$R" init -q -b main
git -C "$R" add -A
git -C "$R" -c user.email=t@example.invalid -c user.name=t commit -q -m init
start='{"cwd":"'"$R"'/src","session_id":"s1","hook_event_name":"SessionStart","source":"startup"}'
prompt='{"cwd":"'"$R"'","session_id":"s1","hook_event_name":"UserPromptSubmit","prompt":"change how Greeter builds the greeting text"}'

# --- no daemon: fail open. The bound is 2 s, not the 1 s the hook is built for (about 0.3 s
# measured here with no daemon): a loaded CI machine may take longer to start a JVM.
for sub in session-start prompt; do
  hook_json "$sub" "$start"
  check "hook $sub with no daemon exits 0" test "$hook_rc" = 0
  check "hook $sub with no daemon prints nothing" test ! -s "$work/hook.out" -a ! -s "$work/hook.err"
  check "hook $sub with no daemon ends within 2 s (took $hook_ms ms)" test "$hook_ms" -lt 2000
done
set +e; "$S" doctor --data-dir "$D" --root "$R" >"$work/doctor.out"; rc=$?; set -e
check "doctor with no daemon exits 3" test "$rc" = 3
check "doctor with no daemon says so" grep -q '^FAIL  daemon: no daemon answers' "$work/doctor.out"

# --- a real daemon. Its hooks get 10 s instead of 600 ms: these checks are about what they
# print, and a loaded CI machine (2 cores, several builds) can take longer than the budget.
export SYMDEX_HOOK_BUDGET_MS=10000
"$S" serve --root "$R" --data-dir "$D" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
"$S" wait --data-dir "$D" --deadline-ms 60000 >/dev/null 2>&1 || { echo "daemon did not come up:"; cat "$work/daemon.log"; exit 1; }

hook_json session-start "$start"
check "hook session-start exits 0 (took $hook_ms ms)" test "$hook_rc" = 0
check "hook session-start prints SessionStart context within 10,000 characters" \
  context_has 'd["hookSpecificOutput"]["hookEventName"] == "SessionStart" and 0 < len(c) <= 10000'
check "the session context maps the project: its entry point and files" \
  context_has '"src/app/Main.java" in c and "src/text/Greeter.java" in c'
check "the session context states facts, no orders" context_has '"you must" not in c.lower()'
hook_json prompt "$prompt"
check "hook prompt exits 0 (took $hook_ms ms)" test "$hook_rc" = 0
check "hook prompt prints a UserPromptSubmit plan within 10,000 characters naming Greeter.java" \
  context_has 'd["hookSpecificOutput"]["hookEventName"] == "UserPromptSubmit" and 0 < len(c) <= 10000 and "src/text/Greeter.java" in c'
hook_json prompt '{"cwd":"'"$R"'","prompt":"yes"}'
check "a prompt of one word gets no plan" test "$hook_rc" = 0 -a ! -s "$work/hook.out"
hook_json session-start '{"cwd":"/","session_id":"s2"}'
check "a session outside every indexed project gets nothing" test "$hook_rc" = 0 -a ! -s "$work/hook.out"

# --- install, status, doctor, uninstall
mkdir -p "$R/.claude"
printf '{"model": "opus", "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "true"}]}]}}\n' >"$R/.claude/settings.json"
cp "$R/.claude/settings.json" "$work/settings.orig"
(cd "$R/src" && "$S" agent install --data-dir "$D") >"$work/install.out"
check "agent install writes .mcp.json at the git root" test -f "$R/.mcp.json"
check "agent install registers bin/symdex mcp" json_has "d['mcpServers']['symdex'] == {'command': '$S', 'args': ['mcp'], 'env': {'SYMDEX_DATA_DIR': '$D'}}" <"$R/.mcp.json"
check "agent install keeps the Stop hook and adds ours" json_has \
  "d['model'] == 'opus' and d['hooks']['Stop'][0]['hooks'][0]['command'] == 'true' and d['hooks']['SessionStart'][0]['hooks'][0]['command'] == '$S hook session-start --data-dir $D'" \
  <"$R/.claude/settings.json"
hook_cmd=$(python3 -c "import json; print(json.load(open('$R/.claude/settings.json'))['hooks']['UserPromptSubmit'][0]['hooks'][0]['command'])")
(cd "$R" && bash -c "$hook_cmd" <<<"$prompt" >"$work/hook.out")
check "the installed UserPromptSubmit command runs and answers" context_has '"src/text/Greeter.java" in c'
(cd "$R" && "$S" agent status) >"$work/status.out"
check "agent status says the project has it" grep -q "^project $R: installed" "$work/status.out"
set +e; (cd "$R" && "$S" doctor --data-dir "$D") >"$work/doctor.out"; rc=$?; set -e
check "doctor with a daemon exits 0" test "$rc" = 0
check "doctor checks daemon, data dir, inotify, registration, freshness" bash -c \
  "grep -q '^ok    daemon: serving' '$work/doctor.out' && grep -q '^ok    data dir' '$work/doctor.out' && grep -q 'inotify' '$work/doctor.out' \
   && grep -q '^ok    Claude Code, project $R: MCP server and hooks registered' '$work/doctor.out' && grep -q '^ok    freshness' '$work/doctor.out'"
(cd "$R" && "$S" agent uninstall) >/dev/null
check "agent uninstall restores settings.json byte for byte" cmp -s "$work/settings.orig" "$R/.claude/settings.json"
check "agent uninstall deletes the .mcp.json it created and the backups" \
  test ! -e "$R/.mcp.json" -a ! -e "$R/.mcp.json.symdex-created" -a ! -e "$R/.claude/settings.json.symdex-backup"

if [ "$fails" -gt 0 ]; then
  echo "--- doctor:"; cat "$work/doctor.out" 2>/dev/null || true
  echo "$fails agent check(s) failed"; exit 1
fi
echo "agent: all checks passed"
