"""kafka-python 2.0.2 against `kafkasim serve`: a producer, and a consumer group of two members
that splits the partitions, commits, and resumes from the committed offsets when it comes back.

Run: /usr/bin/python3 test_kafka_python.py KAFKASIM SCENARIO
"""
import json
import os
import subprocess
import sys
import unittest

from kafka import KafkaProducer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_fixture import Served  # noqa: E402

KAFKASIM, SCENARIO = (sys.argv + ["", ""])[1:3]  # empty when imported
MEMBER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "group_member.py")


def produce(bootstrap, first, count):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    for i in range(first, first + count):
        producer.send("orders", key=f"k{i % 30}".encode(), value=f"v{i}".encode())
    producer.flush(timeout=30)
    producer.close()


def members(bootstrap, count, seconds):
    procs = [subprocess.Popen(["/usr/bin/python3", MEMBER, bootstrap, "readers", "orders",
                               str(seconds)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(count)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=seconds + 60)
        if p.returncode != 0:
            raise AssertionError("member failed: " + err[-3000:])
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


class KafkaPythonGroup(unittest.TestCase):
    def test_two_members_split_the_partitions_and_a_restarted_one_resumes(self):
        with Served(KAFKASIM, SCENARIO) as s:
            produce(s.bootstrap, 0, 300)
            first = members(s.bootstrap, 2, 15)
            # While both were members (their first assignments): one took what the other did not.
            # The one that stops last may take everything once the other has left.
            split = [set(r["assignments"][0]) for r in first]
            self.assertEqual(split[0] | split[1], {0, 1, 2}, (first, s.output()[-3000:]))
            self.assertFalse(split[0] & split[1], first)
            self.assertTrue(split[0] and split[1], first)  # both got some
            values = sorted(int(r[3][1:]) for m in first for r in m["records"])
            self.assertEqual(sorted(set(values)), list(range(300)))

            produce(s.bootstrap, 300, 30)
            (again,) = members(s.bootstrap, 1, 10)
            values = sorted(int(r[3][1:]) for r in again["records"])
            self.assertEqual(values, list(range(300, 330)), again)  # not from the beginning
        # The server's delivery checker judged the clients' history: nothing lost or unseen.
        self.assertIn("anomalies  none (lost 0, duplicates 0, unseen 0)", s.output(),
                      s.output()[-3000:])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
