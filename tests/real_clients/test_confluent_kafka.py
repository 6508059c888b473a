"""confluent-kafka (Python on librdkafka 2.0.2) against `kafkasim serve`: a producer keeps writing
to one partition while the test kills that partition's leader through the server's console. The
producer finds the new leader and goes on, and every record it saw acknowledged is read back, as
kcat sees it and as the server's delivery checker judges it.

Run: /usr/bin/python3 test_confluent_kafka.py KAFKASIM SCENARIO
"""
import json
import os
import subprocess
import sys
import time
import unittest

from confluent_kafka import Producer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import Served  # noqa: E402

KAFKASIM, SCENARIO = (sys.argv + ["", ""])[1:3]


def leader_of(bootstrap, topic, partition):
    out = subprocess.run(["kcat", "-b", bootstrap, "-L", "-J", "-t", topic], capture_output=True,
                         text=True, timeout=60)
    for t in json.loads(out.stdout)["topics"]:
        for p in t["partitions"]:
            if t["topic"] == topic and p["partition"] == partition:
                return p["leader"]
    return None


class ConfluentProducerThroughAFailover(unittest.TestCase):
    def test_acknowledged_records_survive_the_leaders_death(self):
        with Served(KAFKASIM, SCENARIO) as s:
            leader = leader_of(s.bootstrap, "orders", 0)
            self.assertIn(leader, (101, 102, 103))
            survivor = next(p for b, p in ((101, s.port), (102, s.port + 1), (103, s.port + 2))
                            if b != leader)
            acked, failed = [], []

            def delivered(err, msg):
                (failed if err else acked).append(msg.value().decode())

            producer = Producer({"bootstrap.servers": s.bootstrap, "acks": "all",
                                 "linger.ms": 5, "message.timeout.ms": 120000})
            for i in range(400):
                producer.produce("orders", value=f"v{i}".encode(), partition=0,
                                 on_delivery=delivered)
                producer.poll(0)
                time.sleep(0.01)
                if i == 150:
                    s.type(f"kill {leader}")
            remaining = producer.flush(90)
            self.assertEqual(remaining, 0, s.output()[-3000:])
            self.assertEqual(failed, [], s.output()[-3000:])
            self.assertEqual(len(acked), 400)
            self.assertNotEqual(leader_of(f"127.0.0.1:{survivor}", "orders", 0), leader)

            read = subprocess.run(["kcat", "-b", f"127.0.0.1:{survivor}", "-C", "-t", "orders",
                                   "-p", "0", "-e", "-q", "-f", "%s\\n"],
                                  capture_output=True, text=True, timeout=60)
            self.assertEqual(read.returncode, 0, read.stderr)
            values = set(read.stdout.split())
            lost = [v for v in acked if v not in values]
            self.assertEqual(lost, [], s.output()[-3000:])
            self.assertIn(f"broker-{leader} is killed", s.output())
        # The delivery checker, on the history the gateway kept: every acknowledged write read.
        self.assertIn("anomalies  none (lost 0, duplicates 0, unseen 0)", s.output(),
                      s.output()[-3000:])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
