"""Bad bytes against `kafkasim serve`: garbage, a truncated frame and a 2 GiB length prefix each
close only their own connection, and the cluster goes on answering everyone else.

Run: /usr/bin/python3 test_bad_input.py KAFKASIM SCENARIO
"""
import os
import socket
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import Served  # noqa: E402

KAFKASIM, SCENARIO = sys.argv[1], sys.argv[2]


def closed_by_server(sock, timeout=10):
    """Whether the server closes `sock` within `timeout` seconds."""
    sock.settimeout(timeout)
    try:
        while True:
            if not sock.recv(4096):
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def api_versions_v0(correlation):
    body = struct.pack(">hhih", 18, 0, correlation, 4) + b"test"
    return struct.pack(">i", len(body)) + body


class BadInput(unittest.TestCase):
    def test_each_bad_connection_is_closed_alone(self):
        with Served(KAFKASIM, SCENARIO) as s:
            good = socket.create_connection(("127.0.0.1", s.port))
            garbage = socket.create_connection(("127.0.0.1", s.port))
            huge = socket.create_connection(("127.0.0.1", s.port + 1))
            truncated = socket.create_connection(("127.0.0.1", s.port + 2))

            garbage.sendall(struct.pack(">i", 12) + b"\xde\xad\xbe\xef" * 3)  # not a request
            huge.sendall(struct.pack(">i", 0x7FFFFFFF) + b"x" * 100)  # a 2 GiB frame
            truncated.sendall(struct.pack(">i", 3) + b"\x00\x12\x00")  # a header cut short
            self.assertTrue(closed_by_server(garbage), s.output())
            self.assertTrue(closed_by_server(huge), s.output())
            self.assertTrue(closed_by_server(truncated), s.output())

            good.sendall(api_versions_v0(7))
            good.settimeout(10)
            size = struct.unpack(">i", good.recv(4))[0]
            answer = b""
            while len(answer) < size:
                answer += good.recv(size - len(answer))
            correlation, error = struct.unpack(">ih", answer[:6])
            self.assertEqual((correlation, error), (7, 0))
            good.close()

            listed = subprocess.run(["kcat", "-b", s.bootstrap, "-L"], capture_output=True,
                                    text=True, timeout=60)
            self.assertEqual(listed.returncode, 0, listed.stderr)
            self.assertIn("3 brokers", listed.stdout)
            time.sleep(0.2)
            out = s.output()
            self.assertIn("frame of 2147483647 bytes is outside 0 to socket.request.max.bytes",
                          out)
            self.assertIn("request header: truncated", out)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
