"""Runs a command under a pseudo-terminal and acts on its output, as a person at a terminal would.

Usage: python3 drive.py '<json spec>'. The spec holds argv, cwd, env, timeout (seconds) and
actions: each {"after": text, "do": "ctrl-c" | "ctrl-c-npm" | "hangup" | "sigterm", "delay": s}
waits until `text` appears in the output after the previous action, and `delay` seconds more, then
types Ctrl-C (the terminal sends SIGINT to the foreground process group), types Ctrl-C and sends
SIGINT to the command as well (what `npm run` does: it forwards the signal to its child), closes
the terminal (the kernel sends SIGHUP to the session leader) or sends SIGTERM. Once an action is
done, "terminal: <action> sent" is appended to the journal file of spec["journal"], if any, so
that a test can order it against what the command journals. Prints one JSON object: exit status,
signal, output, actions done.
"""
import json
import os
import pty
import select
import signal
import sys
import time

spec = json.loads(sys.argv[1])


def journal(line):
    if spec.get("journal"):
        with open(spec["journal"], "a") as file:
            file.write(line + "\n")

pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], {**os.environ, **spec["env"]})

output = b""
searched_from = 0
done = 0
closed = False
status = None
deadline = time.time() + spec["timeout"]
actions = spec["actions"]
while status is None:
    if time.time() > deadline:
        os.kill(pid, signal.SIGKILL)
    if not closed:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            output += data
        while done < len(actions):
            found = output.find(actions[done]["after"].encode(), searched_from)
            if found < 0:
                break
            searched_from = found + 1
            action = actions[done]["do"]
            time.sleep(actions[done].get("delay", 0))
            done += 1
            if action == "ctrl-c":
                os.write(fd, b"\x03")
            elif action == "ctrl-c-npm":
                os.write(fd, b"\x03")
                os.kill(pid, signal.SIGINT)
            elif action == "sigterm":
                os.kill(pid, signal.SIGTERM)
            elif action == "hangup":
                os.close(fd)
                closed = True
            # Written after the action: a journal that shows it before the update ended proves the
            # update was still running when the signal went out.
            journal("terminal: %s sent" % action)
            if closed:
                break
    else:
        time.sleep(0.05)
    waited, code = os.waitpid(pid, os.WNOHANG)
    if waited == pid:
        status = code
if not closed:
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if not ready:
                break
            data = os.read(fd, 65536)
            if not data:
                break
            output += data
    except OSError:
        pass
print(json.dumps({
    "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
    "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
    "output": output.decode("utf-8", "replace"),
    "actionsDone": done,
}))
