#!/usr/bin/env bash
# Requests/s and latency of STS GetCallerIdentity through the whole pipeline (SigV4 verification,
# durable CloudTrail record with group commit, response), with wrk at 64 connections, two ways:
#   signed:    bench/sigv4_sign.lua signs every request afresh (Authorization header, POST form body,
#              as botocore does), with OpenSSL through LuaJIT's FFI;
#   presigned: one botocore-presigned GET URL (valid one hour) sent over and over; each request is
#              still verified in full.
#   iam:       a presigned IAM GetUser (authorized by the policy engine, decoded and encoded from the
#              model, run on a reader), the same way.
#   kms:       KMS Encrypt of 4 KiB with a symmetric key, then Decrypt of such a ciphertext (no KeyId:
#              the blob names its key), each signed per request by the same script (JSON 1.1,
#              X-Amz-Target), authorized by the key policy, recorded durably; kms-encrypt and
#              kms-decrypt run one of them. Run "signed,kms" (or all) to see them beside
#              GetCallerIdentity in the same run.
# The signing-key and access-key caches are warm, as they would be for any steady client. Any
# non-2xx answer fails the run: a benchmark of rejected requests measures nothing.
#   bench/server_get_caller_identity.sh [build/src/cli/bulwark] [seconds] [VARIANT[,VARIANT...]]
#   VARIANT: signed | presigned | iam | kms | kms-encrypt | kms-decrypt | both (signed,presigned) | all
set -euo pipefail
bin="${1:-build/src/cli/bulwark}"
seconds="${2:-10}"
variant="${3:-both}"
here="$(cd "$(dirname "$0")" && pwd)"
data="$(mktemp -d)"
"$bin" serve --data-dir "$data/data" --port 0 >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do [ -f "$data/data/endpoint" ] && break; sleep 0.1; done
endpoint="$(cat "$data/data/endpoint")"
creds() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$data/data/root-credentials.json" "$1"; }
export AWS_ACCESS_KEY_ID="$(creds AccessKeyId)" AWS_SECRET_ACCESS_KEY="$(creds SecretAccessKey)" AWS_REGION=us-east-1

run() {
  local name="$1"; shift
  echo "== $name"
  local out
  out="$(wrk -t2 -c64 -d"${seconds}s" --latency "$@")"
  grep -E "Requests/sec|^ +(50|99)%" <<<"$out"
  if grep -q "Non-2xx" <<<"$out"; then
    grep "Non-2xx" <<<"$out" >&2
    echo "bench: some requests were refused" >&2
    exit 1
  fi
}

# Whether the comma-separated variant list asks for any of the given names.
wants() {
  local v
  for v in "$@"; do [[ ",$variant," == *",$v,"* ]] && return 0; done
  return 1
}

if wants signed both all; then
  run "signed per request (bench/sigv4_sign.lua)" -s "$here/sigv4_sign.lua" "$endpoint/"
fi
if wants kms kms-encrypt kms-decrypt all; then
  # Line 1: an Encrypt body; line 2: a Decrypt body (a ciphertext of 4 KiB under the same key).
  bodies=$(python3 - "$endpoint" <<'PY'
import base64, json, os, sys, boto3
kms = boto3.client("kms", endpoint_url=sys.argv[1], region_name="us-east-1")
key = kms.create_key(Description="bench")["KeyMetadata"]["KeyId"]
blob = kms.encrypt(KeyId=key, Plaintext=os.urandom(4096))["CiphertextBlob"]
print(json.dumps({"KeyId": key, "Plaintext": base64.b64encode(os.urandom(4096)).decode()}))
print(json.dumps({"CiphertextBlob": base64.b64encode(blob).decode()}))
PY
)
  if wants kms kms-encrypt all; then
    BENCH_SERVICE=kms BENCH_TARGET=TrentService.Encrypt BENCH_BODY="$(sed -n 1p <<<"$bodies")" \
      run "KMS Encrypt 4 KiB, signed per request (bench/sigv4_sign.lua)" -s "$here/sigv4_sign.lua" "$endpoint/"
  fi
  if wants kms kms-decrypt all; then
    BENCH_SERVICE=kms BENCH_TARGET=TrentService.Decrypt BENCH_BODY="$(sed -n 2p <<<"$bodies")" \
      run "KMS Decrypt 4 KiB, signed per request (bench/sigv4_sign.lua)" -s "$here/sigv4_sign.lua" "$endpoint/"
  fi
fi
if wants iam all; then
  url=$(python3 - "$endpoint" <<'PY'
import sys, boto3
iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
iam.create_user(UserName="bench")
print(iam.generate_presigned_url("get_user", Params={"UserName": "bench"}, ExpiresIn=3600, HttpMethod="GET"))
PY
)
  run "IAM GetUser, presigned URL" "$url"
fi
if wants presigned both all; then
  url=$(python3 - "$endpoint" <<'PY'
import os, sys, boto3
sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1")
print(sts.generate_presigned_url("get_caller_identity", ExpiresIn=3600, HttpMethod="GET"))
PY
)
  run "presigned URL" "$url"
fi
python3 - "$data/data" <<'PY'
import sqlite3, sys
n = sqlite3.connect(sys.argv[1] + "/bulwark.db").execute("select count(*) from trail_events").fetchone()[0]
print(f"trail records: {n}")
PY
