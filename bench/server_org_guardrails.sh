#!/usr/bin/env bash
# What the organization's guardrails cost: requests/s of IAM GetUser (authorized by the policy
# engine) by an IAM user of the management account (no SCP applies) and by an IAM user of a member
# account placed under the root and two OUs, with an SCP at every level (root, both OUs, the
# account) besides FullAWSAccess, so every call evaluates four SCP levels. Each side is a presigned
# URL sent over and over by wrk (64 connections); every request is verified, authorized and
# recorded durably. Prints both rates and member/management, the ratio the guardrail cache is for
# (target >= 0.9). The two sides alternate for `rounds` rounds and the medians are compared, so a
# burst of other load on a shared machine does not decide the ratio. Any non-2xx answer fails the run.
#   bench/server_org_guardrails.sh [build/src/cli/bulwark] [seconds per run] [rounds]
set -euo pipefail
bin="${1:-build/src/cli/bulwark}"
seconds="${2:-10}"
rounds="${3:-3}"
data="$(mktemp -d)"
"$bin" serve --data-dir "$data/data" --port 0 >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do [ -f "$data/data/endpoint" ] && break; sleep 0.1; done
endpoint="$(cat "$data/data/endpoint")"
creds() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$data/data/root-credentials.json" "$1"; }
export AWS_ACCESS_KEY_ID="$(creds AccessKeyId)" AWS_SECRET_ACCESS_KEY="$(creds SecretAccessKey)" AWS_REGION=us-east-1

mapfile -t urls < <(python3 - "$endpoint" <<'PY'
import json, sys, boto3
endpoint = sys.argv[1]
def client(service, creds=None):
    kw = {}
    if creds:
        kw = dict(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                  aws_session_token=creds.get("SessionToken"))
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", **kw)
get_user = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]})
def bench_user(iam):
    iam.create_user(UserName="bench")
    iam.put_user_policy(UserName="bench", PolicyName="get-user", PolicyDocument=get_user)
    key = iam.create_access_key(UserName="bench")["AccessKey"]
    return client("iam", key).generate_presigned_url("get_user", Params={"UserName": "bench"}, ExpiresIn=3600,
                                                       HttpMethod="GET")
iam = client("iam")
management_url = bench_user(iam)
iam.create_user(UserName="admin")
iam.attach_user_policy(UserName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
admin = iam.create_access_key(UserName="admin")["AccessKey"]
org = client("organizations")
org.create_organization(FeatureSet="ALL")
root = org.list_roots()["Roots"][0]["Id"]
status = org.create_account(Email="bench@example.com", AccountName="bench")["CreateAccountStatus"]
account = org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]["AccountId"]
ou1 = org.create_organizational_unit(ParentId=root, Name="one")["OrganizationalUnit"]["Id"]
ou2 = org.create_organizational_unit(ParentId=ou1, Name="two")["OrganizationalUnit"]["Id"]
org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ou2)
for i, target in enumerate([root, ou1, ou2, account]):
    deny = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": ["s3:DeleteBucket", "iam:DeleteAccountPasswordPolicy"], "Resource": "*"}]})
    p = org.create_policy(Name=f"guard-{i}", Description="bench", Type="SERVICE_CONTROL_POLICY", Content=deny)
    org.attach_policy(PolicyId=p["Policy"]["PolicySummary"]["Id"], TargetId=target)
session = client("sts", admin).assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                                           RoleSessionName="bench")["Credentials"]
member_url = bench_user(client("iam", session))
print(management_url)
print(member_url)
PY
)

rate() {
  local out
  out="$(wrk -t2 -c64 -d"${seconds}s" --latency "$1")"
  if grep -q "Non-2xx" <<<"$out"; then
    grep "Non-2xx" <<<"$out" >&2
    echo "bench: some requests were refused" >&2
    exit 1
  fi
  grep -E "^ +(50|99)%" <<<"$out" >&2
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
management=()
member=()
for round in $(seq "$rounds"); do
  echo "== round $round: IAM GetUser by a management-account user (no SCP applies)"
  management+=("$(rate "${urls[0]}")")
  echo "Requests/sec: ${management[-1]}"
  echo "== round $round: IAM GetUser by a member-account user (root + 2 OUs + account, 2 SCPs per level)"
  member+=("$(rate "${urls[1]}")")
  echo "Requests/sec: ${member[-1]}"
done
python3 - "${management[*]}" "${member[*]}" <<'PY'
import statistics, sys
management = statistics.median(map(float, sys.argv[1].split()))
member = statistics.median(map(float, sys.argv[2].split()))
print(f"median management: {management:.0f}/s, member: {member:.0f}/s, member/management: {member / management:.3f}")
PY
