"""`kafkasim view FILE --serve`: the served cluster in the view's window, under a virtual display.
kcat writes keyed records and reads them all back, and a broker is killed from the console. When
the view is stopped (SIGTERM) it prints the checker's verdict and the fingerprint and writes its
last frame, and the recorded session replays without the window to the same fingerprint.

Run: /usr/bin/python3 test_view_serve.py KAFKASIM SCENARIO
"""
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import Served  # noqa: E402

KAFKASIM, SCENARIO = (sys.argv + ["", ""])[1:3]


class ViewServe(unittest.TestCase):
    def test_the_view_serves_kcat_and_its_session_replays(self):
        with tempfile.TemporaryDirectory() as tmp:
            session = os.path.join(tmp, "session.kreq")
            frame = os.path.join(tmp, "last.png")
            extra = ("--record", session, "--screenshot", frame, "--size", "1280x800")
            with Served(KAFKASIM, SCENARIO, extra=extra, view=True) as s:
                lines = "".join(f"truck-{i % 7}:position {i}\n" for i in range(300))
                produced = subprocess.run(
                    ["kcat", "-b", s.bootstrap, "-P", "-t", "orders", "-K:", "-X", "acks=all"],
                    input=lines, capture_output=True, text=True, timeout=60)
                self.assertEqual(produced.returncode, 0, produced.stderr)
                consumed = subprocess.run(
                    ["kcat", "-b", s.bootstrap, "-C", "-t", "orders", "-e", "-q", "-f", "%k %s\n"],
                    capture_output=True, text=True, timeout=60)
                self.assertEqual(consumed.returncode, 0, consumed.stderr)
                self.assertEqual(sorted(consumed.stdout.splitlines()),
                                 sorted(f"truck-{i % 7} position {i}" for i in range(300)))
                s.type("kill 103")
                self.assertTrue(s.wait_for("broker-103 is killed", 10), s.output())
            out = s.output()
            self.assertIn("anomalies  none", out)
            served = re.search(r"^fingerprint ([0-9a-f]{16})$", out, re.M)
            self.assertIsNotNone(served, out[-2000:])
            self.assertIn("last frame: " + frame, out)
            with open(session) as f:
                self.assertIn(" type kill 103\n", f.read())
            with open(frame, "rb") as f:
                png = f.read()
            self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
            width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
            self.assertEqual((width, height), (1280, 800))
            self.assertGreater(len(png), 20000)  # a drawn view, not a blank frame
            replayed = subprocess.run([KAFKASIM, "run", SCENARIO, "--replay", session, "--quiet"],
                                      capture_output=True, text=True, timeout=120)
            self.assertEqual(replayed.returncode, 0, replayed.stderr)
            self.assertEqual(replayed.stdout.strip(), served.group(1))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
