#!/usr/bin/env python3
# Writes N synthetic events in the `eventstore export` format to stdout, for measuring import/export at scale.
# usage: python3 src/Cli/tools/generate-events.py 1000000 > events.jsonl
import json, random, sys, uuid
from datetime import datetime, timedelta, timezone

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
rng = random.Random(42)
t = datetime(2026, 1, 1, tzinfo=timezone.utc)
streams, out, pos = [], sys.stdout, 0
while pos < n:
    if not streams or rng.random() < 0.3:          # a new stream, else one more batch on a recent one
        streams.append([str(uuid.UUID(int=rng.getrandbits(128), version=4)), rng.choice(["Task", "Order", "User"]), 0])
        streams = streams[-1000:]
    s = rng.choice(streams)
    t += timedelta(microseconds=rng.randint(1, 5000))
    stored = t.isoformat()
    for _ in range(min(rng.randint(1, 5), n - pos)):
        pos += 1; s[2] += 1
        eid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        payload = {"eventId": eid, "occurredAt": stored, "aggregateId": s[0], "aggregateType": s[1], "aggregateVersion": s[2],
                   "tenantId": None, "actorId": "generator", "correlationId": eid, "causationId": None, "eventVersion": 1,
                   "metadata": {}, "title": f"item {pos}", "amount": rng.randint(1, 10000)}
        out.write(json.dumps({"globalPosition": pos, "streamId": f"{s[0]}:{s[1]}", "streamPosition": s[2], "eventId": eid,
                              "eventType": rng.choice(["Created", "Renamed", "Completed"]), "occurredAt": stored, "storedAt": stored,
                              "payload": payload}, separators=(",", ":")) + "\n")
