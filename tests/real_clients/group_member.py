"""One member of a kafka-python consumer group, for the tests: it subscribes, polls for a while,
commits after each poll, and prints what it was given (each new non-empty assignment) and what
it read as one JSON line.

Usage: /usr/bin/python3 group_member.py BOOTSTRAP GROUP TOPIC SECONDS
"""
import json
import sys
import time

from kafka import KafkaConsumer

bootstrap, group, topic, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group,
                         auto_offset_reset="earliest", enable_auto_commit=False)
records, assignments = [], []
deadline = time.time() + seconds
while time.time() < deadline:
    polled = consumer.poll(timeout_ms=300)
    for tp, messages in polled.items():
        for m in messages:
            records.append([tp.partition, m.offset, m.key.decode(), m.value.decode()])
    if polled:
        consumer.commit()
    assigned = sorted(tp.partition for tp in consumer.assignment())
    if assigned and (not assignments or assignments[-1] != assigned):
        assignments.append(assigned)
committed = {tp.partition: consumer.committed(tp) for tp in consumer.assignment()}
consumer.close()
print(json.dumps({"records": records, "assignments": assignments, "committed": committed}))
