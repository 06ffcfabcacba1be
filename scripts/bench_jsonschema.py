#!/usr/bin/env python3
"""Helper of bench-jsonschema.sh: generates the corpora and times the Python validators.

  bench_jsonschema.py generate OUTDIR         # writes OUTDIR/{tables,schemas}/*.json + schema files
  bench_jsonschema.py run TOOL SCHEMA DIR N [WARMUP]   # TOOL: python-jsonschema | jsonschema-rs; one JSON line
"""
import json
import os
import random
import sys
import time

N_FILES = 1000
REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2"]


def table_definition(rng, i):
    gsi_count = rng.randint(0, 12)
    lsi_count = rng.randint(0, 3)
    attributes = [{"name": "PK", "type": "S"}, {"name": "SK", "type": "S"}]
    gsis = []
    for g in range(gsi_count):
        pk, sk = f"GSI{g}PK", f"GSI{g}SK"
        attributes += [{"name": pk, "type": rng.choice("SN")}, {"name": sk, "type": "S"}]
        projection = rng.choice([{"type": "ALL"}, {"type": "KEYS_ONLY"},
                                 {"type": "INCLUDE", "nonKeyAttributes": [f"attr{k}" for k in range(rng.randint(1, 6))]}])
        gsis.append({"indexName": f"Index{g}", "description": f"access pattern {g}", "partitionKey": pk,
                     "sortKey": sk, "projection": projection})
    lsis = []
    for l in range(lsi_count):
        sk = f"LSI{l}SK"
        attributes.append({"name": sk, "type": "N"})
        lsis.append({"indexName": f"Local{l}", "sortKey": sk, "projection": {"type": "KEYS_ONLY"}})
    doc = {
        "tableName": f"table-{i:04d}",
        "description": "generated table definition for the benchmark",
        "attributeDefinitions": attributes,
        "keySchema": {"partitionKey": "PK", "sortKey": "SK"},
        "globalSecondaryIndexes": gsis,
        "localSecondaryIndexes": lsis,
        "billingMode": "PAY_PER_REQUEST",
        "timeToLive": {"attributeName": "expiresAt", "enabled": True},
        "stream": {"enabled": True, "viewType": "NEW_AND_OLD_IMAGES"},
        "pointInTimeRecovery": True,
        "deletionProtection": False,
        "tags": {"Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com", "CostCenter": "engineering",
                 "ManagedBy": "pipeline", "Component": "dynamodb"},
        "entities": [{"name": f"Entity{e}", "partitionKeyPattern": f"E{e}#{{id}}", "sortKeyPattern": "METADATA",
                      "attributes": ["id", "name", "createdAt", "active"]} for e in range(rng.randint(1, 5))],
        "environments": {
            "dev": {"tags": {"Environment": "dev", "BackupPolicy": "daily"}},
            "sit": {"tags": {"Environment": "sit", "BackupPolicy": "daily"}},
            "prod": {"deletionProtection": True, "replicas": [rng.choice(REGIONS)],
                     "tags": {"Environment": "prod", "BackupPolicy": "hourly"}},
        },
    }
    if rng.random() < 0.3:
        doc["billingMode"] = "PROVISIONED"
        doc["provisionedThroughput"] = {"readCapacityUnits": rng.randint(1, 50), "writeCapacityUnits": rng.randint(1, 50)}
    if rng.random() < 0.1:  # one defect
        defect = rng.randint(0, 4)
        if defect == 0:
            doc["billingMode"] = "ON_DEMAND"
        elif defect == 1:
            del doc["keySchema"]
        elif defect == 2:
            doc["pitr"] = True
        elif defect == 3:
            doc["attributeDefinitions"][0]["type"] = "STRING"
        else:
            doc["environments"]["prod"]["replicas"] = ["Europe"]
    return doc


def random_schema(rng, depth=0):
    kind = rng.choice(["string", "integer", "number", "boolean", "array", "object"] if depth < 3 else ["string", "integer"])
    s = {"type": kind, "description": f"a generated {kind}"}
    if kind == "string":
        if rng.random() < 0.3:
            s["pattern"] = "^[a-z][a-z0-9-]*$"
        if rng.random() < 0.3:
            s["enum"] = [f"value{k}" for k in range(rng.randint(2, 6))]
        s["maxLength"] = rng.randint(10, 200)
    elif kind in ("integer", "number"):
        s["minimum"] = 0
        s["maximum"] = rng.randint(10, 10000)
    elif kind == "array":
        s["items"] = random_schema(rng, depth + 1)
        s["minItems"] = 0
        s["uniqueItems"] = rng.random() < 0.5
    elif kind == "object":
        props = {f"field{k}": random_schema(rng, depth + 1) for k in range(rng.randint(2, 8))}
        s["properties"] = props
        s["required"] = sorted(rng.sample(list(props), k=min(2, len(props))))
        s["additionalProperties"] = False
    return s


def schema_instance(rng, i):
    doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"https://example.test/schemas/{i}.json",
           "title": f"generated schema {i}", "type": "object",
           "$defs": {f"def{k}": random_schema(rng, 1) for k in range(rng.randint(1, 4))},
           "properties": {f"prop{k}": random_schema(rng) for k in range(rng.randint(5, 15))}}
    doc["properties"]["ref"] = {"$ref": "#/$defs/def0"}
    doc["allOf"] = [{"required": ["prop0"]}, {"anyOf": [{"required": ["prop1"]}, {"required": ["prop2"]}]}]
    if rng.random() < 0.1:  # one defect
        defect = rng.randint(0, 3)
        if defect == 0:
            doc["properties"]["prop0"]["type"] = "strin"
        elif defect == 1:
            doc["properties"]["prop0"]["minLength"] = -1
        elif defect == 2:
            doc["required"] = "prop0"
        else:
            doc["$defs"]["def0"]["properties"] = []
    return doc


def generate(out):
    rng = random.Random(20261125)
    for name, make in (("tables", table_definition), ("schemas", schema_instance)):
        directory = os.path.join(out, name)
        os.makedirs(directory, exist_ok=True)
        for i in range(N_FILES):
            with open(os.path.join(directory, f"{i:04d}.json"), "w") as f:
                json.dump(make(rng, i), f, indent=2)
    with open(os.path.join(out, "metaschema-ref.json"), "w") as f:
        json.dump({"$ref": "https://json-schema.org/draft/2020-12/schema"}, f)


def run(tool, schema_path, directory, repetitions, warmup=0):
    with open(schema_path) as f:
        schema = json.load(f)
    names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    files = []
    for n in names:
        with open(os.path.join(directory, n), "rb") as f:
            files.append(f.read())
    if tool == "python-jsonschema":
        from jsonschema import Draft202012Validator
        validator = Draft202012Validator(schema)
        errors = lambda instance: list(validator.iter_errors(instance))
    else:
        import jsonschema_rs
        validator = jsonschema_rs.Draft202012Validator(schema)
        errors = lambda instance: list(validator.iter_errors(instance))
    for _ in range(warmup):
        for data in files:
            errors(json.loads(data))
    times = []
    cpu_times = []
    invalid = issues = 0
    for _ in range(repetitions):
        invalid = issues = 0
        start = time.perf_counter()
        cpu_start = time.process_time()
        for data in files:
            found = errors(json.loads(data))
            if found:
                invalid += 1
                issues += len(found)
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
    print(json.dumps({"tool": tool, "files": len(files), "invalid": invalid, "issues": issues,
                      "times_ms": [round(t, 3) for t in times], "cpu_ms": [round(t, 3) for t in cpu_times]}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    else:
        run(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]) if len(sys.argv) > 6 else 0)
