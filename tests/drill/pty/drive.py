"""Runs a command under a pseudo-terminal and acts on its output, as a person at a terminal would.

Usage: python3 drive.py '<json spec>'. The spec holds argv, cwd, env, timeout (seconds) and
actions: each {"after": text, "do": "ctrl-c" | "ctrl-c-npm" | "hangup" | "sigterm", "delay": s}
waits until `text` appears in the output after the previous action, and `delay` seconds more, then
types Ctrl-C (the terminal sends SIGINT to the foreground process group), types Ctrl-C and, once
the terminal has echoed it, sends SIGINT to the command as well (what `npm run` does: it forwards
the signal it got from the terminal to its child), closes
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
import termios
import time

spec = json.loads(sys.argv[1])


def journal(line):
    if spec.get("journal"):
        with open(spec["journal"], "a") as file:
            file.write(line + "\n")

def read_until(fd, output, text, start, deadline):
    """Reads the terminal until `text` appears after `start` (or the deadline passes); returns the
    output and the position after `text`."""
    while output.find(text, start) < 0 and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                output += os.read(fd, 65536)
            except OSError:
                break
    found = output.find(text, start)
    return output, (found + len(text) if found >= 0 else start)


pid, fd = pty.fork()
if pid == 0:
    os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], {**os.environ, **spec["env"]})

# When ^C is typed, the kernel signals the foreground group and then flushes what the program wrote
# that the terminal has not taken in yet. On a loaded machine that flush can come after the drill,
# woken by the signal, already wrote its reply ("Ctrl-C: stopping the drill"), and the line is
# lost: the test would then depend on the scheduler. NOFLSH keeps the signal and drops the flush.
attributes = termios.tcgetattr(fd)
attributes[3] |= termios.NOFLSH
termios.tcsetattr(fd, termios.TCSANOW, attributes)

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
                # npm forwards the SIGINT it got from the terminal, so its copy comes after the
                # terminal's. The terminal acts on ^C in a kernel worker, later than os.write
                # returns, and echoes "^C" once it has signalled the group: wait for the echo.
                output, searched_from = read_until(fd, output, b"^C", searched_from, deadline)
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
