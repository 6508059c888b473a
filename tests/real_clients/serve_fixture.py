"""Starts `kafkasim serve` on free loopback ports for a test, and stops it afterwards.

Usage in a test: `with Served(kafkasim, scenario) as s: run(["kcat", "-b", s.bootstrap, "-L"])`.
The server's output is kept in `s.output()`; lines typed with `s.type("kill 102")` go to its
console. With `view=True` it is `kafkasim view FILE --serve` under a virtual display instead,
stopped with SIGTERM (the window takes no console lines).
"""
import os
import random
import signal
import socket
import subprocess
import threading
import time


def _free_base(count):
    """A port P such that P .. P+count-1 are free on 127.0.0.1 now."""
    for _ in range(200):
        base = random.randint(20000, 60000 - count)
        sockets = []
        try:
            for p in range(base, base + count):
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", p))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports")


def _children_named(parent, name):
    """The ids of `parent`'s child processes whose command is `name` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        command = stat[stat.index("(") + 1:stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        if ppid == parent and command == name:
            found.append(int(entry))
    return found


class Served:
    def __init__(self, kafkasim, scenario, brokers=3, extra=(), view=False):
        self.kafkasim, self.scenario, self.brokers, self.extra = kafkasim, scenario, brokers, extra
        self.view = view
        self._lines = []
        self._lock = threading.Lock()

    def __enter__(self):
        for _ in range(5):
            self.port = _free_base(self.brokers)
            if self.view:
                command = ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", self.kafkasim,
                           "view", self.scenario, "--serve"]
            else:
                command = [self.kafkasim, "serve", self.scenario, *(
                    ["--trace", os.environ["SERVE_TRACE"]] if os.environ.get("SERVE_TRACE") else [])]
            self.proc = subprocess.Popen(
                [*command, "--port", str(self.port), *self.extra],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, bufsize=1, start_new_session=self.view)
            threading.Thread(target=self._read, daemon=True).start()
            if self.wait_for("bootstrap servers: ", 30):
                self.bootstrap = ",".join(
                    f"127.0.0.1:{p}" for p in range(self.port, self.port + self.brokers))
                return self
            self.proc.kill()  # lost a race for the ports: try others
            self.proc.wait()
        raise RuntimeError("kafkasim serve did not start:\n" + self.output())

    def __exit__(self, *exc):
        if self.view and self.proc.poll() is None:
            # The signal goes to kafkasim itself: xvfb-run then stops its display.
            for pid in _children_named(self.proc.pid, "kafkasim"):
                os.kill(pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        return False

    def _read(self):
        for line in self.proc.stdout:
            with self._lock:
                self._lines.append(line)

    def output(self):
        with self._lock:
            return "".join(self._lines)

    def wait_for(self, text, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.output():
                return True
            if self.proc.poll() is not None:
                time.sleep(0.1)
                return text in self.output()
            time.sleep(0.05)
        return False

    def type(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
