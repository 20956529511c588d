"""An independent client of leadscore's topics: Debian's confluent-kafka (librdkafka) and its Avro serializer.

produce BOOTSTRAP REGISTRY SCHEMA_DIR LEAD   writes a CRM profile and activity that make LEAD an MQL
consume BOOTSTRAP REGISTRY LEAD TIMEOUT_S    prints "<leadId> <label> <stage>" for LEAD's MQL entry (read_committed)
"""
import datetime
import json
import os
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
import avro.schema


def load(schema_dir, name):
    with open(os.path.join(schema_dir, name + ".avsc")) as f:
        return avro.schema.parse(f.read())


def produce(bootstrap, registry, schema_dir, lead):
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
    now = datetime.datetime.now(datetime.timezone.utc)
    profile = {"leadId": lead, "firstName": "Py", "lastName": "Thon", "email": lead + "@example.org",
               "jobTitle": "VP Sales", "jobLevel": "VP", "department": None, "company": "Interop Ltd",
               "companyDomain": None, "industry": "Software", "employees": 800, "annualRevenue": None,
               "country": "GB", "region": None, "city": None, "updatedAt": now}
    producer.produce("leadscore.profiles", key=lead.encode(),
                     value=serializer.encode_record_with_schema("leadscore.profiles",
                                                                load(schema_dir, "LeadProfile"), profile))
    producer.flush()
    web = load(schema_dir, "WebActivity")
    for event_type, form in (("FORM_SUBMIT", "demo-request"), ("FORM_SUBMIT", "demo-request"),
                             ("VIDEO_WATCHED", None)):
        event = {"eventId": str(uuid.uuid4()), "leadId": lead, "eventTime": now, "type": event_type,
                 "url": None, "title": None, "contentId": "tour", "formId": form, "formAnswers": {},
                 "durationSeconds": None}
        producer.produce("leadscore.activity.web", key=lead.encode(),
                         value=serializer.encode_record_with_schema("leadscore.activity.web", web, event))
    producer.flush()
    print("produced profile and 3 events for", lead)


def consume(bootstrap, registry, lead, timeout_s):
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "interop-" + str(uuid.uuid4()),
                         "auto.offset.reset": "earliest", "isolation.level": "read_committed"})
    consumer.subscribe(["leadscore.mql"])
    deadline = time.time() + timeout_s
    try:
        while time.time() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            entry = serializer.decode_message(message.value())
            if entry["leadId"] == lead:
                snapshot = entry["snapshot"]
                print(entry["leadId"], snapshot["label"], snapshot["stage"], json.dumps(
                    [r["ruleId"] for r in snapshot["topReasons"]]))
                return 0
    finally:
        consumer.close()
    print("no MQL entry for", lead, "within", timeout_s, "s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if sys.argv[1] == "produce":
        produce(*sys.argv[2:6])
    else:
        sys.exit(consume(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])))
