"""A session with real clients, recorded by `kafkasim serve --record`, replays without them to the
same fingerprint: kcat writes and reads, a broker is killed from the console, and the server quits.

Run: /usr/bin/python3 test_record_replay.py KAFKASIM SCENARIO
"""
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import Served  # noqa: E402

KAFKASIM, SCENARIO = (sys.argv + ["", ""])[1:3]


class RecordAndReplay(unittest.TestCase):
    def test_a_recorded_session_replays_to_the_same_fingerprint(self):
        with tempfile.TemporaryDirectory() as tmp:
            session = os.path.join(tmp, "session.kreq")
            with Served(KAFKASIM, SCENARIO, extra=("--record", session)) as s:
                lines = "".join(f"k{i}:v{i}\n" for i in range(200))
                produced = subprocess.run(
                    ["kcat", "-b", s.bootstrap, "-P", "-t", "orders", "-K:", "-X", "acks=all"],
                    input=lines, capture_output=True, text=True, timeout=60)
                self.assertEqual(produced.returncode, 0, produced.stderr)
                s.type("kill 103")
                time.sleep(0.5)
                subprocess.run(["kcat", "-b", s.bootstrap, "-C", "-t", "orders", "-e", "-q"],
                               capture_output=True, text=True, timeout=60)
            served = re.search(r"^fingerprint ([0-9a-f]{16})$", s.output(), re.M)
            self.assertIsNotNone(served, s.output()[-2000:])
            with open(session) as f:
                recorded = f.read()
            self.assertIn(" data ", recorded)
            self.assertIn(" type kill 103", recorded)
            replayed = subprocess.run([KAFKASIM, "run", SCENARIO, "--replay", session, "--quiet"],
                                      capture_output=True, text=True, timeout=120)
            self.assertEqual(replayed.returncode, 0, replayed.stderr)
            self.assertEqual(replayed.stdout.strip(), served.group(1))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
