"""IAM credential hygiene through the real clients: the account password policy and login profiles,
virtual MFA devices enabled with two consecutive TOTP codes, policy simulation, the credential report,
and the trail (every call recorded with the right userIdentity; no password, seed or code in it).
"""
import base64
import csv
import hashlib
import hmac
import io
import json
import os
import struct
import subprocess
import tempfile
import time
import unittest

import boto3
import botocore.exceptions
from botocore.config import Config

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"})
STRONG = "Correct-Horse-42!"


def totp(seed: bytes, step: int) -> str:
    """RFC 6238 with HMAC-SHA1, 6 digits (RFC 4226 section 5.3 truncation)."""
    mac = hmac.new(seed, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return "%06d" % (value % 1000000)


def decode_seed(base32_text: bytes) -> bytes:
    text = base32_text.decode()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def allow(actions, resource="*"):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]})


class IamCredentialsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, service, key_id=None, secret=None):
        s = self.server
        return boto3.client(service, endpoint_url=s.endpoint, region_name="us-east-1", config=NO_RETRY,
                            aws_access_key_id=key_id or s.access_key_id,
                            aws_secret_access_key=secret or s.secret_access_key)

    def cli(self, *args, key_id=None, secret=None):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=key_id or self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=secret or self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_PROFILE", None)
        return subprocess.run(["aws", "--endpoint-url", self.server.endpoint, *args], env=env,
                              capture_output=True, text=True, timeout=60)

    def error(self, fn):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn()
        r = cm.exception.response
        return r["Error"]["Code"], r["Error"]["Message"], r["ResponseMetadata"]["HTTPStatusCode"]

    def new_user(self, name, policy=None):
        iam = self.client("iam")
        iam.create_user(UserName=name)
        if policy:
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def events(self, name):
        ct = self.client("cloudtrail")
        out = []
        for page in ct.get_paginator("lookup_events").paginate(
                LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": name}]):
            out += [e["CloudTrailEvent"] for e in page["Events"]]
        return out

    # ---- password policy and login profiles ----

    def test_password_policy_round_trip_and_validation(self):
        iam = self.client("iam")
        iam.update_account_password_policy(MinimumPasswordLength=12, RequireSymbols=True, MaxPasswordAge=90,
                                           PasswordReusePrevention=3, AllowUsersToChangePassword=True)
        policy = iam.get_account_password_policy()["PasswordPolicy"]
        self.assertEqual(policy["MinimumPasswordLength"], 12)
        self.assertTrue(policy["RequireSymbols"])
        self.assertFalse(policy["RequireNumbers"])
        self.assertTrue(policy["ExpirePasswords"])
        self.assertEqual(policy["MaxPasswordAge"], 90)
        self.assertEqual(policy["PasswordReusePrevention"], 3)
        code, message, status = self.error(lambda: iam.update_account_password_policy(MinimumPasswordLength=200))
        self.assertEqual((code, status), ("ValidationError", 400))
        self.assertIn("minimumPasswordLength", message)
        iam.delete_account_password_policy()
        code, message, status = self.error(iam.get_account_password_policy)
        self.assertEqual((code, status), ("NoSuchEntity", 404))
        self.assertIn(self.server.account_id, message)
        self.assertEqual(self.error(iam.delete_account_password_policy)[0], "NoSuchEntity")

    def test_password_breaking_the_default_policy_is_refused_by_the_cli(self):
        self.client("iam").create_user(UserName="weakling")
        out = self.cli("iam", "create-login-profile", "--user-name", "weakling", "--password", "short")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("PasswordPolicyViolation", out.stderr)
        self.assertIn("Password should have a minimum length of 8", out.stderr)
        out = self.cli("iam", "create-login-profile", "--user-name", "weakling", "--password", "onlylowercase")
        self.assertIn("Password should meet 2 more of the following requirements", out.stderr)
        out = self.cli("iam", "create-login-profile", "--user-name", "weakling", "--password", STRONG,
                       "--password-reset-required")
        self.assertEqual(out.returncode, 0, out.stderr)
        profile = json.loads(out.stdout)["LoginProfile"]
        self.assertEqual(profile["UserName"], "weakling")
        self.assertTrue(profile["PasswordResetRequired"])
        got = self.client("iam").get_login_profile(UserName="weakling")["LoginProfile"]
        self.assertEqual(got["UserName"], "weakling")
        code, _, status = self.error(
            lambda: self.client("iam").create_login_profile(UserName="weakling", Password=STRONG))
        self.assertEqual((code, status), ("EntityAlreadyExists", 409))
        # The password is never in the trail, neither on success nor on refusal.
        for text in self.events("CreateLoginProfile"):
            self.assertNotIn(STRONG, text)
            self.assertNotIn("onlylowercase", text)

    def test_custom_policy_and_reuse_prevention_apply_to_updates(self):
        iam = self.client("iam")
        iam.create_user(UserName="updater")
        iam.create_login_profile(UserName="updater", Password=STRONG)
        iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True, PasswordReusePrevention=2)
        try:
            code, message, _ = self.error(lambda: iam.update_login_profile(UserName="updater", Password="NoDigits!!"))
            self.assertEqual((code, message), ("PasswordPolicyViolation", "Password should have at least one number"))
            code, _, _ = self.error(lambda: iam.update_login_profile(UserName="updater", Password=STRONG))
            self.assertEqual(code, "PasswordPolicyViolation")  # The current password counts as used.
            iam.update_login_profile(UserName="updater", Password="Another-Pass-7")
            iam.delete_login_profile(UserName="updater")
            self.assertEqual(self.error(lambda: iam.get_login_profile(UserName="updater"))[0], "NoSuchEntity")
        finally:
            iam.delete_account_password_policy()

    def test_user_changes_own_password_with_permission(self):
        iam = self.client("iam")
        key, secret = self.new_user("changer", allow("iam:ChangePassword",
                                                     f"arn:aws:iam::{self.server.account_id}:user/changer"))
        iam.create_login_profile(UserName="changer", Password=STRONG)
        mine = self.client("iam", key, secret)
        code, _, status = self.error(lambda: mine.change_password(OldPassword="Wrong-Pass-42!", NewPassword="New-Pass-42!"))
        self.assertEqual((code, status), ("AccessDenied", 403))
        mine.change_password(OldPassword=STRONG, NewPassword="New-Pass-42!")
        records = [json.loads(t) for t in self.events("ChangePassword")]
        ok = [r for r in records if "errorCode" not in r]
        self.assertTrue(ok)
        self.assertEqual(ok[0]["userIdentity"]["type"], "IAMUser")
        self.assertEqual(ok[0]["userIdentity"]["userName"], "changer")
        for r in records:
            self.assertNotIn("New-Pass-42!", json.dumps(r))
            self.assertNotIn(STRONG, json.dumps(r))

    def test_change_password_needs_permission(self):
        key, secret = self.new_user("nochange")
        self.client("iam").create_login_profile(UserName="nochange", Password=STRONG)
        code, _, _ = self.error(lambda: self.client("iam", key, secret).change_password(
            OldPassword=STRONG, NewPassword="New-Pass-42!"))
        self.assertEqual(code, "AccessDenied")

    def test_allow_users_to_change_password_grants_it_without_a_policy(self):
        iam = self.client("iam")
        key, secret = self.new_user("selfservice")
        iam.create_login_profile(UserName="selfservice", Password=STRONG)
        mine = self.client("iam", key, secret)
        iam.update_account_password_policy(MinimumPasswordLength=12, AllowUsersToChangePassword=True)
        try:
            self.assertTrue(mine.get_account_password_policy()["PasswordPolicy"]["AllowUsersToChangePassword"])
            mine.change_password(OldPassword=STRONG, NewPassword="Another-Pass-42!")
            code, _, _ = self.error(lambda: mine.list_users())  # Nothing else is granted.
            self.assertEqual(code, "AccessDenied")
            # An explicit deny still wins over the account setting.
            iam.put_user_policy(UserName="selfservice", PolicyName="deny", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Deny", "Action": "iam:ChangePassword", "Resource": "*"}]}))
            code, _, _ = self.error(lambda: mine.change_password(OldPassword="Another-Pass-42!",
                                                                 NewPassword="Third-Pass-42!"))
            self.assertEqual(code, "AccessDenied")
        finally:
            iam.delete_account_password_policy()

    # ---- virtual MFA ----

    def test_mfa_device_enabled_with_two_consecutive_codes(self):
        iam = self.client("iam")
        iam.create_user(UserName="mfauser")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName="mfauser-phone")["VirtualMFADevice"]
        serial = device["SerialNumber"]
        self.assertEqual(serial, f"arn:aws:iam::{self.server.account_id}:mfa/mfauser-phone")
        self.assertEqual(len(device["Base32StringSeed"]), 64)
        self.assertTrue(device["QRCodePNG"].startswith(b"\x89PNG\r\n\x1a\n"))
        seed = decode_seed(device["Base32StringSeed"])
        step = int(time.time()) // 30

        code, _, status = self.error(lambda: iam.enable_mfa_device(
            UserName="mfauser", SerialNumber=serial, AuthenticationCode1=totp(seed, step),
            AuthenticationCode2=totp(seed, step + 5)))
        self.assertEqual((code, status), ("InvalidAuthenticationCode", 403))
        iam.enable_mfa_device(UserName="mfauser", SerialNumber=serial,
                              AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))

        listed = iam.list_mfa_devices(UserName="mfauser")["MFADevices"]
        self.assertEqual([d["SerialNumber"] for d in listed], [serial])
        self.assertEqual(listed[0]["UserName"], "mfauser")
        assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
        self.assertIn(serial, [d["SerialNumber"] for d in assigned])
        self.assertEqual([d for d in assigned if d["SerialNumber"] == serial][0]["User"]["UserName"], "mfauser")
        self.assertNotIn(serial, [d["SerialNumber"] for d in
                                  iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]])
        # The codes just accepted cannot be replayed.
        code, _, _ = self.error(lambda: iam.resync_mfa_device(
            UserName="mfauser", SerialNumber=serial, AuthenticationCode1=totp(seed, step - 1),
            AuthenticationCode2=totp(seed, step)))
        self.assertEqual(code, "InvalidAuthenticationCode")
        # A device whose clock runs a minute ahead is re-synchronized with two later codes.
        iam.resync_mfa_device(UserName="mfauser", SerialNumber=serial, AuthenticationCode1=totp(seed, step + 1),
                              AuthenticationCode2=totp(seed, step + 2))
        code, _, _ = self.error(lambda: iam.delete_virtual_mfa_device(SerialNumber=serial))
        self.assertEqual(code, "DeleteConflict")
        code, _, _ = self.error(lambda: iam.delete_user(UserName="mfauser"))
        self.assertEqual(code, "DeleteConflict")

        iam.deactivate_mfa_device(UserName="mfauser", SerialNumber=serial)
        self.assertEqual(iam.list_mfa_devices(UserName="mfauser")["MFADevices"], [])
        iam.delete_virtual_mfa_device(SerialNumber=serial)
        self.assertEqual(self.error(lambda: iam.delete_virtual_mfa_device(SerialNumber=serial))[0], "NoSuchEntity")

        seed_text = device["Base32StringSeed"].decode()
        for name in ("CreateVirtualMFADevice", "EnableMFADevice", "ResyncMFADevice"):
            texts = self.events(name)
            self.assertTrue(texts, name)
            for text in texts:
                self.assertNotIn(seed_text, text)
                self.assertNotIn(base64.b64encode(device["Base32StringSeed"]).decode(), text)
                self.assertNotIn('"' + totp(seed, step) + '"', text)
        record = json.loads(self.events("EnableMFADevice")[0])
        self.assertEqual(record["userIdentity"]["type"], "Root")

    def test_mfa_device_tags(self):
        iam = self.client("iam")
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="tagged-phone", Path="/team/",
                                               Tags=[{"Key": "owner", "Value": "ops"}])["VirtualMFADevice"]["SerialNumber"]
        self.assertEqual(serial, f"arn:aws:iam::{self.server.account_id}:mfa/team/tagged-phone")
        self.assertEqual(iam.list_mfa_device_tags(SerialNumber=serial)["Tags"], [{"Key": "owner", "Value": "ops"}])
        iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "env", "Value": "prod"}])
        iam.untag_mfa_device(SerialNumber=serial, TagKeys=["owner"])
        self.assertEqual(iam.list_mfa_device_tags(SerialNumber=serial)["Tags"], [{"Key": "env", "Value": "prod"}])
        missing = f"arn:aws:iam::{self.server.account_id}:mfa/none"
        self.assertEqual(self.error(lambda: iam.list_mfa_device_tags(SerialNumber=missing))[0], "NoSuchEntity")
        iam.delete_virtual_mfa_device(SerialNumber=serial)

    def test_cli_writes_the_qr_code_png(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "qr.png")
            out = self.cli("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "cli-phone",
                           "--outfile", path, "--bootstrap-method", "QRCodePNG")
            self.assertEqual(out.returncode, 0, out.stderr)
            with open(path, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
            path = os.path.join(tmp, "seed.txt")
            out = self.cli("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "cli-seed",
                           "--outfile", path, "--bootstrap-method", "Base32StringSeed")
            self.assertEqual(out.returncode, 0, out.stderr)
            with open(path, "rb") as f:
                self.assertEqual(len(decode_seed(f.read().strip())), 40)


    # ---- policy simulation ----

    def test_simulate_principal_policy_explains_each_decision(self):
        iam = self.client("iam")
        iam.create_user(UserName="simulated")
        doc = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "ReadBucket", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"},
            {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
            {"Sid": "Tagged", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
             "Condition": {"StringEquals": {"aws:RequestTag/team": "core"}}}]}, indent=2)
        iam.put_user_policy(UserName="simulated", PolicyName="inline", PolicyDocument=doc)
        arn = f"arn:aws:iam::{self.server.account_id}:user/simulated"
        results = iam.simulate_principal_policy(
            PolicySourceArn=arn, ActionNames=["s3:GetObject", "s3:DeleteObject", "s3:PutObject", "iam:ListUsers"],
            ResourceArns=["arn:aws:s3:::bucket/key"])["EvaluationResults"]
        by_action = {r["EvalActionName"]: r for r in results}
        self.assertEqual(by_action["s3:GetObject"]["EvalDecision"], "allowed")
        self.assertEqual(by_action["s3:DeleteObject"]["EvalDecision"], "explicitDeny")
        self.assertEqual(by_action["s3:PutObject"]["EvalDecision"], "implicitDeny")
        self.assertEqual(by_action["iam:ListUsers"]["EvalDecision"], "implicitDeny")
        self.assertEqual(by_action["s3:GetObject"]["EvalResourceName"], "arn:aws:s3:::bucket/key")
        matched = by_action["s3:GetObject"]["MatchedStatements"]
        self.assertEqual(len(matched), 1)
        self.assertEqual(matched[0]["SourcePolicyType"], "user")
        self.assertIn("inline", matched[0]["SourcePolicyId"])
        # The statement opens on line 3 of the indented document and closes on line 8.
        self.assertEqual(matched[0]["StartPosition"]["Line"], 4)
        self.assertEqual(matched[0]["EndPosition"]["Line"], 9)
        deny = by_action["s3:DeleteObject"]["MatchedStatements"][0]
        self.assertEqual(deny["StartPosition"]["Line"], 10)
        self.assertIn("aws:RequestTag/team", by_action["s3:PutObject"]["MissingContextValues"])
        with_tag = iam.simulate_principal_policy(
            PolicySourceArn=arn, ActionNames=["s3:PutObject"],
            ContextEntries=[{"ContextKeyName": "aws:RequestTag/team", "ContextKeyValues": ["core"],
                             "ContextKeyType": "string"}])["EvaluationResults"]
        self.assertEqual(with_tag[0]["EvalDecision"], "allowed")
        code, _, status = self.error(lambda: iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{self.server.account_id}:user/ghost", ActionNames=["s3:GetObject"]))
        self.assertEqual((code, status), ("NoSuchEntity", 404))

    def test_simulate_principal_policy_reports_the_boundary(self):
        iam = self.client("iam")
        iam.create_user(UserName="bounded")
        iam.put_user_policy(UserName="bounded", PolicyName="admin", PolicyDocument=allow("*"))
        boundary = iam.create_policy(PolicyName="only-s3", PolicyDocument=allow("s3:*"))["Policy"]["Arn"]
        iam.put_user_permissions_boundary(UserName="bounded", PermissionsBoundary=boundary)
        results = iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{self.server.account_id}:user/bounded",
            ActionNames=["s3:ListBucket", "iam:CreateUser"])["EvaluationResults"]
        by_action = {r["EvalActionName"]: r for r in results}
        self.assertEqual(by_action["s3:ListBucket"]["EvalDecision"], "allowed")
        self.assertTrue(by_action["s3:ListBucket"]["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"])
        self.assertEqual(by_action["iam:CreateUser"]["EvalDecision"], "implicitDeny")
        self.assertFalse(by_action["iam:CreateUser"]["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"])

    def test_simulate_custom_policy_with_the_cli_and_paging(self):
        out = self.cli("iam", "simulate-custom-policy", "--policy-input-list", allow("sqs:SendMessage"),
                       "--action-names", "sqs:SendMessage", "sqs:DeleteQueue")
        self.assertEqual(out.returncode, 0, out.stderr)
        results = json.loads(out.stdout)["EvaluationResults"]
        self.assertEqual([(r["EvalActionName"], r["EvalDecision"]) for r in results],
                         [("sqs:SendMessage", "allowed"), ("sqs:DeleteQueue", "implicitDeny")])
        self.assertEqual(results[0]["MatchedStatements"][0]["SourcePolicyId"], "PolicyInputList.1")
        iam = self.client("iam")
        pages = list(iam.get_paginator("simulate_custom_policy").paginate(
            PolicyInputList=[allow("sqs:*")], ActionNames=["sqs:A", "sqs:B", "sqs:C"],
            PaginationConfig={"PageSize": 2}))
        self.assertEqual([len(p["EvaluationResults"]) for p in pages], [2, 1])
        capped = iam.simulate_custom_policy(PolicyInputList=[allow("*")], ActionNames=["sqs:SendMessage", "s3:GetObject"],
                                            PermissionsBoundaryPolicyInputList=[allow("s3:*")])["EvaluationResults"]
        self.assertEqual([(r["EvalActionName"], r["EvalDecision"]) for r in capped],
                         [("sqs:SendMessage", "implicitDeny"), ("s3:GetObject", "allowed")])
        self.assertFalse(capped[0]["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"])
        code, _, _ = self.error(lambda: iam.simulate_custom_policy(PolicyInputList=["{not json"],
                                                                   ActionNames=["sqs:A"]))
        self.assertEqual(code, "InvalidInput")

    def test_simulation_reads_the_owner_from_the_resource_arn(self):
        # ResourceOwner applies only to "any simulated resource that does not identify its own owner
        # in the resource ARN" (IAM API reference, SimulatePrincipalPolicy / SimulateCustomPolicy); a
        # queue of another account is a cross-account request that its resource policy must allow too
        # ("Cross-account policy evaluation logic").
        iam = self.client("iam")
        own = f"arn:aws:sqs:us-east-1:{self.server.account_id}:mine"
        foreign = "arn:aws:sqs:us-east-1:444455556666:theirs"
        results = iam.simulate_custom_policy(PolicyInputList=[allow("sqs:SendMessage")], ActionNames=["sqs:SendMessage"],
                                             ResourceArns=[own, foreign],
                                             ResourceOwner=f"arn:aws:iam::{self.server.account_id}:root")["EvaluationResults"]
        decisions = {r["EvalResourceName"]: r for r in results}
        self.assertEqual(decisions[own]["EvalDecision"], "allowed")
        self.assertEqual(decisions[foreign]["EvalDecision"], "implicitDeny")
        self.assertIn("EvalDecisionDetails", decisions[foreign])
        self.assertEqual(decisions[own].get("EvalDecisionDetails", {}), {})
        # A ResourceOwner of another account does not make a resource whose ARN names ours foreign.
        owned_elsewhere = iam.simulate_custom_policy(
            PolicyInputList=[allow("sqs:SendMessage")], ActionNames=["sqs:SendMessage"], ResourceArns=[own],
            ResourceOwner="arn:aws:iam::444455556666:root")["EvaluationResults"]
        self.assertEqual(owned_elsewhere[0]["EvalDecision"], "allowed")

    # ---- account ----

    def test_credential_report_csv_parses(self):
        iam = self.client("iam")
        key, _ = self.new_user("reported")
        iam.create_login_profile(UserName="reported", Password=STRONG)
        self.assertEqual(self.error(iam.get_credential_report)[0:3:2], ("ReportNotPresent", 410))
        self.assertEqual(iam.generate_credential_report()["State"], "STARTED")
        self.assertEqual(iam.generate_credential_report()["State"], "COMPLETE")
        report = iam.get_credential_report()
        self.assertEqual(report["ReportFormat"], "text/csv")
        rows = list(csv.DictReader(io.StringIO(report["Content"].decode())))
        self.assertEqual(list(rows[0].keys())[:8], ["user", "arn", "user_creation_time", "password_enabled",
                                                    "password_last_used", "password_last_changed",
                                                    "password_next_rotation", "mfa_active"])
        self.assertEqual(len(rows[0]), 22)
        root = rows[0]
        self.assertEqual(root["user"], "<root_account>")
        self.assertEqual(root["arn"], f"arn:aws:iam::{self.server.account_id}:root")
        self.assertEqual(root["password_enabled"], "not_supported")
        self.assertEqual(root["access_key_1_active"], "true")
        self.assertEqual(root["access_key_1_last_used_service"], "iam")
        user = [r for r in rows if r["user"] == "reported"][0]
        self.assertEqual(user["password_enabled"], "true")
        self.assertEqual(user["password_last_used"], "no_information")
        self.assertEqual(user["password_next_rotation"], "N/A")
        self.assertEqual(user["access_key_1_active"], "true")
        self.assertEqual(user["access_key_1_last_used_date"], "N/A")
        self.assertEqual(user["access_key_2_active"], "false")
        self.assertEqual(user["cert_1_active"], "false")
        # The CLI shows the same report.
        out = self.cli("iam", "get-credential-report")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("<root_account>", base64.b64decode(json.loads(out.stdout)["Content"]).decode())

    def test_account_summary_and_alias(self):
        iam = self.client("iam")
        summary = iam.get_account_summary()["SummaryMap"]
        for key in ("Users", "UsersQuota", "Groups", "Roles", "Policies", "MFADevices", "MFADevicesInUse",
                    "AccountMFAEnabled", "AccountAccessKeysPresent", "AccessKeysPerUserQuota", "GlobalEndpointTokenVersion"):
            self.assertIn(key, summary)
        self.assertEqual(summary["AccountAccessKeysPresent"], 1)
        self.assertEqual(summary["AccessKeysPerUserQuota"], 2)
        iam.create_account_alias(AccountAlias="bulwark-test")
        self.assertEqual(iam.list_account_aliases()["AccountAliases"], ["bulwark-test"])
        code, _, _ = self.error(lambda: iam.create_account_alias(AccountAlias="Bad--Alias"))
        self.assertEqual(code, "ValidationError")
        iam.delete_account_alias(AccountAlias="bulwark-test")
        self.assertEqual(iam.list_account_aliases()["AccountAliases"], [])
        self.assertEqual(self.error(lambda: iam.delete_account_alias(AccountAlias="bulwark-test"))[0], "NoSuchEntity")

    def test_calls_are_recorded_with_the_callers_identity(self):
        key, secret = self.new_user("auditor", allow(["iam:GetAccountSummary", "iam:ListMFADevices"]))
        self.client("iam", key, secret).get_account_summary()
        self.client("iam", key, secret).list_mfa_devices()
        for name in ("GetAccountSummary", "ListMFADevices"):
            mine = [json.loads(t) for t in self.events(name)
                    if json.loads(t)["userIdentity"].get("userName") == "auditor"]
            self.assertTrue(mine, name)
            self.assertEqual(mine[0]["userIdentity"]["type"], "IAMUser")
            self.assertEqual(mine[0]["userIdentity"]["accessKeyId"], key)
            self.assertEqual(mine[0]["eventSource"], "iam.amazonaws.com")
            self.assertNotIn("errorCode", mine[0])


    def test_account_authorization_details_lists_entities_and_policies(self):
        iam = self.client("iam")
        iam.create_group(GroupName="details-group")
        iam.create_user(UserName="details-user", Tags=[{"Key": "k", "Value": "v"}])
        iam.add_user_to_group(GroupName="details-group", UserName="details-user")
        iam.put_user_policy(UserName="details-user", PolicyName="inline", PolicyDocument=allow("s3:GetObject"))
        arn = iam.create_policy(PolicyName="details-policy", PolicyDocument=allow("sqs:*"))["Policy"]["Arn"]
        iam.attach_group_policy(GroupName="details-group", PolicyArn=arn)
        details = iam.get_account_authorization_details()
        user = [u for u in details["UserDetailList"] if u["UserName"] == "details-user"][0]
        self.assertEqual(user["GroupList"], ["details-group"])
        self.assertEqual(user["UserPolicyList"][0]["PolicyName"], "inline")
        self.assertEqual(user["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"], "s3:GetObject")
        self.assertEqual(user["Tags"], [{"Key": "k", "Value": "v"}])
        group = [g for g in details["GroupDetailList"] if g["GroupName"] == "details-group"][0]
        self.assertEqual(group["AttachedManagedPolicies"], [{"PolicyName": "details-policy", "PolicyArn": arn}])
        policy = [p for p in details["Policies"] if p["Arn"] == arn][0]
        self.assertEqual(policy["PolicyVersionList"][0]["VersionId"], "v1")
        self.assertTrue(policy["PolicyVersionList"][0]["IsDefaultVersion"])
        self.assertEqual(policy["PolicyVersionList"][0]["Document"]["Statement"][0]["Action"], "sqs:*")
        only_groups = iam.get_account_authorization_details(Filter=["Group"])
        self.assertEqual(only_groups["UserDetailList"], [])
        self.assertTrue(only_groups["GroupDetailList"])
        pages = list(iam.get_paginator("get_account_authorization_details").paginate(
            PaginationConfig={"PageSize": 1}))
        self.assertGreater(len(pages), 2)
        self.assertEqual(sum(len(p["UserDetailList"]) + len(p["GroupDetailList"]) + len(p["RoleDetailList"]) +
                             len(p["Policies"]) for p in pages),
                         len(details["UserDetailList"]) + len(details["GroupDetailList"]) +
                         len(details["RoleDetailList"]) + len(details["Policies"]))


if __name__ == "__main__":
    unittest.main()
