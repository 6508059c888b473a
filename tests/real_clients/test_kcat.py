"""kcat (librdkafka 2.0.2) against `kafkasim serve`: metadata, producing and consuming.

Run: /usr/bin/python3 test_kcat.py KAFKASIM SCENARIO
"""
import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import Served  # noqa: E402

KAFKASIM, SCENARIO = sys.argv[1], sys.argv[2]


class KcatMetadata(unittest.TestCase):
    def test_lists_the_brokers_and_each_partitions_leader_and_isr(self):
        with Served(KAFKASIM, SCENARIO) as s:
            out = subprocess.run(["kcat", "-b", s.bootstrap, "-L", "-J", "-m", "15"],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr + s.output())
            metadata = json.loads(out.stdout)
            brokers = {b["id"]: b["name"] for b in metadata["brokers"]}
            self.assertEqual(brokers, {101: f"127.0.0.1:{s.port}",
                                       102: f"127.0.0.1:{s.port + 1}",
                                       103: f"127.0.0.1:{s.port + 2}"})
            self.assertIn(metadata["controllerid"], brokers)
            topics = {t["topic"]: t for t in metadata["topics"]}
            self.assertIn("orders", topics, out.stdout)
            partitions = sorted(topics["orders"]["partitions"], key=lambda p: p["partition"])
            self.assertEqual([p["partition"] for p in partitions], [0, 1, 2])
            for p in partitions:
                replicas = [r["id"] for r in p["replicas"]]
                isrs = [r["id"] for r in p["isrs"]]
                self.assertEqual(sorted(replicas), [101, 102, 103])
                self.assertEqual(sorted(isrs), [101, 102, 103])
                self.assertEqual(p["leader"], replicas[0])  # the preferred replica leads

    def test_a_dead_leader_is_replaced_in_the_metadata(self):
        # Ten simulated seconds a second: 101 is also the controller, and the others learn of
        # its death only when its ZooKeeper session expires (18 s).
        with Served(KAFKASIM, SCENARIO, extra=("--speed", "10")) as s:
            s.type("kill 101")
            self.assertTrue(s.wait_for("broker-101 is killed", 10), s.output())
            deadline = time.time() + 30
            while time.time() < deadline:
                time.sleep(0.2)
                out = subprocess.run(["kcat", "-b", f"127.0.0.1:{s.port + 1}", "-L", "-J",
                                      "-m", "15"], capture_output=True, text=True, timeout=60)
                metadata = json.loads(out.stdout)
                leaders = [p["leader"] for t in metadata["topics"] if t["topic"] == "orders"
                           for p in t["partitions"]]
                if leaders and 101 not in leaders:
                    break
            self.assertEqual(len(leaders), 3, s.output())
            self.assertNotIn(101, leaders, s.output())
            self.assertNotIn(101, [b["id"] for b in metadata["brokers"]])



class KcatProduceConsume(unittest.TestCase):
    def test_a_thousand_keyed_records_come_back_in_order_where_murmur2_puts_them(self):
        from kafka.partitioner.default import murmur2  # kafka-python's, as Java's
        lines = [f"k{i % 50}:v{i}" for i in range(1000)]
        with Served(KAFKASIM, SCENARIO) as s:
            produced = subprocess.run(
                ["kcat", "-b", s.bootstrap, "-P", "-t", "orders", "-K:", "-X", "acks=all",
                 "-X", "partitioner=murmur2_random"],
                input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=60)
            self.assertEqual(produced.returncode, 0, produced.stderr + s.output())
            consumed = subprocess.run(
                ["kcat", "-b", s.bootstrap, "-C", "-t", "orders", "-e", "-q",
                 "-f", "%p %o %k %s\\n"], capture_output=True, text=True, timeout=60)
            self.assertEqual(consumed.returncode, 0, consumed.stderr + s.output())
        records = [line.split(" ") for line in consumed.stdout.splitlines()]
        self.assertEqual(len(records), 1000, consumed.stdout[-2000:])
        by_partition = {}
        for partition, offset, key, value in records:
            self.assertEqual(int(partition), (murmur2(key.encode()) & 0x7fffffff) % 3, key)
            by_partition.setdefault(int(partition), []).append((int(offset), int(value[1:])))
        for partition, entries in by_partition.items():
            self.assertEqual([o for o, _ in entries], list(range(len(entries))))  # dense
            self.assertEqual([v for _, v in entries], sorted(v for _, v in entries))  # in order
        self.assertEqual(sorted(v for e in by_partition.values() for _, v in e),
                         list(range(1000)))


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
