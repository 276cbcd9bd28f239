#!/usr/bin/env bash
# Requests/s and latency of STS GetCallerIdentity through the whole pipeline (SigV4 verification,
# durable CloudTrail record with group commit, response), with wrk at 64 connections.
# Every request is a presigned URL (botocore-signed, valid one hour), so each one is verified in full;
# the signing-key cache is warm as it would be for any steady client.
#   bench/server_get_caller_identity.sh [build/src/cli/bulwark] [seconds]
set -euo pipefail
bin="${1:-build/src/cli/bulwark}"
seconds="${2:-10}"
data="$(mktemp -d)"
"$bin" serve --data-dir "$data/data" --port 0 >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do [ -f "$data/data/endpoint" ] && break; sleep 0.1; done
url=$(python3 - "$data/data" <<'PY'
import json, sys, boto3
d = sys.argv[1]
creds = json.load(open(d + "/root-credentials.json"))
endpoint = open(d + "/endpoint").read().strip()
sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"])
print(sts.generate_presigned_url("get_caller_identity", ExpiresIn=3600, HttpMethod="GET"))
PY
)
wrk -t2 -c64 -d"${seconds}s" --latency "$url"
python3 - "$data/data" <<'PY'
import sqlite3, sys
n = sqlite3.connect(sys.argv[1] + "/bulwark.db").execute("select count(*) from trail_events").fetchone()[0]
print(f"trail records: {n}")
PY
