"""STS temporary credentials through boto3: a role is assumed only by the principals its trust
policy names (and with the ExternalId it demands), a session cannot exceed its session policy,
role chaining is held to one hour, revoking older sessions works as on AWS, and the sessions'
calls are in the trail as AssumedRole with their session issuer."""
import base64
import datetime
import hashlib
import hmac
import json
import struct
import os
import time
import unittest

import boto3
import botocore.exceptions
from botocore.config import Config

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"})
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def totp(seed, step):
    """RFC 6238, HMAC-SHA1, 6 digits."""
    mac = hmac.new(seed, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def trust(principal_arn, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal_arn}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


class StsSessionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()
        cls.account = cls.server.account_id

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, service, creds=None):
        return self.server.client(service, creds)

    def user(self, name, admin=False):
        iam = self.client("iam")
        iam.create_user(UserName=name)
        if admin:
            iam.attach_user_policy(UserName=name, PolicyArn=ADMIN)
        return iam.create_access_key(UserName=name)["AccessKey"]

    def role(self, name, trust_document, admin=True, **kwargs):
        iam = self.client("iam")
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_document, **kwargs)["Role"]["Arn"]
        if admin:
            iam.attach_role_policy(RoleName=name, PolicyArn=ADMIN)
        return arn

    def error_code(self, fn):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn()
        return cm.exception.response["Error"]["Code"], cm.exception.response["Error"]["Message"]

    def test_trust_policy_decides_who_assumes(self):
        trusted = self.user("trusted")
        stranger = self.user("stranger", admin=True)  # Even an administrator needs the trust policy.
        arn = self.role("deployer", trust(f"arn:aws:iam::{self.account}:user/trusted"))
        session = self.client("sts", trusted).assume_role(RoleArn=arn, RoleSessionName="ci")
        creds = session["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        self.assertEqual(session["AssumedRoleUser"]["Arn"], f"arn:aws:sts::{self.account}:assumed-role/deployer/ci")
        who = self.client("sts", creds).get_caller_identity()
        self.assertEqual(who["Arn"], f"arn:aws:sts::{self.account}:assumed-role/deployer/ci")
        self.assertTrue(who["UserId"].startswith("AROA") and who["UserId"].endswith(":ci"))
        self.client("iam", creds).list_users()  # The role's AdministratorAccess applies.
        code, message = self.error_code(lambda: self.client("sts", stranger).assume_role(RoleArn=arn, RoleSessionName="xx"))
        self.assertEqual(code, "AccessDenied")
        self.assertEqual(message, f"User: arn:aws:iam::{self.account}:user/stranger is not authorized to perform: "
                                  f"sts:AssumeRole on resource: {arn}")
        code, _ = self.error_code(lambda: self.client("sts").assume_role(RoleArn=arn, RoleSessionName="root"))
        self.assertEqual(code, "AccessDenied")  # Roles may not be assumed by root.

    def test_external_id_required(self):
        caller = self.user("vendor")
        arn = self.role("vendor-role", trust(f"arn:aws:iam::{self.account}:user/vendor",
                                             {"StringEquals": {"sts:ExternalId": "s3cr3t-id"}}))
        sts = self.client("sts", caller)
        self.assertEqual(self.error_code(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="aa"))[0], "AccessDenied")
        self.assertEqual(self.error_code(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="aa",
                                                                 ExternalId="wrong-id"))[0], "AccessDenied")
        sts.assume_role(RoleArn=arn, RoleSessionName="aa", ExternalId="s3cr3t-id")

    def test_session_policy_caps_the_session(self):
        caller = self.user("capper")
        arn = self.role("wide", trust(f"arn:aws:iam::{self.account}:user/capper"))
        policy = json.dumps({"Version": "2012-10-17",
                             "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]})
        creds = self.client("sts", caller).assume_role(RoleArn=arn, RoleSessionName="narrow", Policy=policy)["Credentials"]
        iam = self.client("iam", creds)
        iam.list_users()
        code, message = self.error_code(lambda: iam.list_roles())
        self.assertEqual(code, "AccessDenied")
        self.assertIn("because no session policy allows the iam:ListRoles action", message)
        code, _ = self.error_code(lambda: self.client("sts", caller).assume_role(
            RoleArn=arn, RoleSessionName="too-long", DurationSeconds=7200))
        self.assertEqual(code, "ValidationError")  # Beyond the role's MaxSessionDuration (1 hour).

    def test_role_chaining_is_limited_to_one_hour(self):
        caller = self.user("chainer")
        first = self.role("first", trust(f"arn:aws:iam::{self.account}:user/chainer"), MaxSessionDuration=43200)
        second = self.role("second", trust(f"arn:aws:iam::{self.account}:role/first"), MaxSessionDuration=43200)
        creds = self.client("sts", caller).assume_role(RoleArn=first, RoleSessionName="one")["Credentials"]
        sts = self.client("sts", creds)
        code, message = self.error_code(lambda: sts.assume_role(RoleArn=second, RoleSessionName="two",
                                                                DurationSeconds=7200))
        self.assertEqual(code, "ValidationError")
        self.assertIn("role chaining", message)
        chained = sts.assume_role(RoleArn=second, RoleSessionName="two")["AssumedRoleUser"]
        self.assertEqual(chained["Arn"], f"arn:aws:sts::{self.account}:assumed-role/second/two")

    def test_revoke_older_sessions(self):
        caller = self.user("revoked")
        arn = self.role("revocable", trust(f"arn:aws:iam::{self.account}:user/revoked"))
        old = self.client("sts", caller).assume_role(RoleArn=arn, RoleSessionName="old")["Credentials"]
        self.client("iam", old).list_users()
        time.sleep(1.1)
        cutoff = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        # What the console's "Revoke active sessions" puts on the role.
        self.client("iam").put_role_policy(RoleName="revocable", PolicyName="AWSRevokeOlderSessions", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"],
                           "Condition": {"DateLessThan": {"aws:TokenIssueTime": cutoff}}}]}))
        code, message = self.error_code(lambda: self.client("iam", old).list_users())
        self.assertEqual(code, "AccessDenied")
        self.assertIn("explicit deny", message)
        time.sleep(1.1)
        new = self.client("sts", caller).assume_role(RoleArn=arn, RoleSessionName="new")["Credentials"]
        self.client("iam", new).list_users()

    def test_session_tags_need_tag_session_and_become_principal_tags(self):
        caller = self.user("tagger")
        me = f"arn:aws:iam::{self.account}:user/tagger"
        plain = self.role("no-tagging", trust(me))
        tagging = self.role("tagging", json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": me}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}),
            admin=False)
        self.client("iam").put_role_policy(RoleName="tagging", PolicyName="by-team", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*",
                           "Condition": {"StringEquals": {"aws:PrincipalTag/team": "core"}}}]}))
        sts = self.client("sts", caller)
        tags = [{"Key": "team", "Value": "core"}]
        code, message = self.error_code(lambda: sts.assume_role(RoleArn=plain, RoleSessionName="t1", Tags=tags))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("sts:TagSession", message)
        sts.assume_role(RoleArn=plain, RoleSessionName="t2")  # Without tags the trust policy suffices.
        tagged = sts.assume_role(RoleArn=tagging, RoleSessionName="t3", Tags=tags)["Credentials"]
        self.client("iam", tagged).list_users()  # The session tag is the session's aws:PrincipalTag.
        other = sts.assume_role(RoleArn=tagging, RoleSessionName="t4",
                                Tags=[{"Key": "team", "Value": "edge"}])["Credentials"]
        self.assertEqual(self.error_code(lambda: self.client("iam", other).list_users())[0], "AccessDenied")

    def test_tampered_or_foreign_token_is_refused(self):
        caller = self.user("tamper")
        arn = self.role("tamper-role", trust(f"arn:aws:iam::{self.account}:user/tamper"))
        sts = self.client("sts", caller)
        a = sts.assume_role(RoleArn=arn, RoleSessionName="aa")["Credentials"]
        b = sts.assume_role(RoleArn=arn, RoleSessionName="bb")["Credentials"]
        swapped = dict(a, SessionToken=b["SessionToken"])  # Tokens are bound to their key id.
        self.assertEqual(self.error_code(lambda: self.client("sts", swapped).get_caller_identity())[0],
                         "InvalidClientTokenId")
        token = a["SessionToken"]
        flipped = dict(a, SessionToken=token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:])
        self.assertEqual(self.error_code(lambda: self.client("sts", flipped).get_caller_identity())[0],
                         "InvalidClientTokenId")

    def test_get_session_token(self):
        caller = self.user("sessioner", admin=True)
        creds = self.client("sts", caller).get_session_token(DurationSeconds=900)["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        who = self.client("sts", creds).get_caller_identity()
        self.assertEqual(who["Arn"], f"arn:aws:iam::{self.account}:user/sessioner")
        # Without MFA such credentials cannot call IAM, as on AWS.
        self.assertEqual(self.error_code(lambda: self.client("iam", creds).list_users())[0], "AccessDenied")
        self.assertEqual(self.error_code(lambda: self.client("sts", creds).get_session_token())[0], "AccessDenied")

    def enroll_mfa(self, user):
        iam = self.client("iam")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user + "-phone")["VirtualMFADevice"]
        text = device["Base32StringSeed"].decode()
        seed = base64.b32decode(text + "=" * (-len(text) % 8))
        step = int(time.time()) // 30
        iam.enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))
        # The next code the device will accept: codes are good once, so the enrolment's are spent.
        return device["SerialNumber"], totp(seed, step + 1)

    def test_mfa_gated_action_needs_a_current_code(self):
        key = self.user("guarded")
        self.client("iam").put_user_policy(UserName="guarded", PolicyName="mfa-only", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*",
                           "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}))
        serial, code = self.enroll_mfa("guarded")
        self.assertEqual(self.error_code(lambda: self.client("iam", key).list_users())[0], "AccessDenied")
        sts = self.client("sts", key)
        wrong = "000000" if code != "000000" else "111111"
        code_wrong, message = self.error_code(lambda: sts.get_session_token(SerialNumber=serial, TokenCode=wrong))
        self.assertEqual(code_wrong, "AccessDenied")
        self.assertIn("MultiFactorAuthentication failed", message)
        creds = sts.get_session_token(SerialNumber=serial, TokenCode=code)["Credentials"]
        self.client("iam", creds).list_users()
        # The code is spent: replaying it fails.
        self.assertEqual(self.error_code(lambda: sts.get_session_token(SerialNumber=serial, TokenCode=code))[0],
                         "AccessDenied")
        events = self.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": creds["AccessKeyId"]}])["Events"]
        identity = json.loads(events[0]["CloudTrailEvent"])["userIdentity"]
        self.assertEqual(identity["sessionContext"]["attributes"]["mfaAuthenticated"], "true")

    def test_role_trusting_only_mfa_callers(self):
        key = self.user("mfa-assumer")
        arn = self.role("mfa-role", trust(f"arn:aws:iam::{self.account}:user/mfa-assumer",
                                          {"Bool": {"aws:MultiFactorAuthPresent": "true"}}))
        serial, code = self.enroll_mfa("mfa-assumer")
        sts = self.client("sts", key)
        self.assertEqual(self.error_code(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="nomfa"))[0],
                         "AccessDenied")
        session = sts.assume_role(RoleArn=arn, RoleSessionName="withmfa", SerialNumber=serial, TokenCode=code)
        self.assertTrue(session["Credentials"]["AccessKeyId"].startswith("ASIA"))

    def test_session_calls_are_in_the_trail(self):
        caller = self.user("traced")
        arn = self.role("traced-role", trust(f"arn:aws:iam::{self.account}:user/traced"))
        creds = self.client("sts", caller).assume_role(RoleArn=arn, RoleSessionName="trace")["Credentials"]
        self.client("iam", creds).list_groups()
        events = self.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": creds["AccessKeyId"]}])["Events"]
        self.assertEqual([e["EventName"] for e in events], ["ListGroups"])
        identity = json.loads(events[0]["CloudTrailEvent"])["userIdentity"]
        self.assertEqual(identity["type"], "AssumedRole")
        self.assertEqual(identity["arn"], f"arn:aws:sts::{self.account}:assumed-role/traced-role/trace")
        self.assertEqual(identity["sessionContext"]["sessionIssuer"]["arn"], arn)
        self.assertEqual(identity["sessionContext"]["sessionIssuer"]["type"], "Role")
        assumed = self.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRole"}])["Events"]
        mine = [json.loads(e["CloudTrailEvent"]) for e in assumed
                if creds["AccessKeyId"] in e["CloudTrailEvent"]]
        self.assertEqual(len(mine), 1)  # Recorded with the key it handed out...
        self.assertEqual(mine[0]["responseElements"]["credentials"]["accessKeyId"], creds["AccessKeyId"])
        for e in assumed:  # ...and never the secret or the token.
            self.assertNotIn(creds["SecretAccessKey"], e["CloudTrailEvent"])
            self.assertNotIn(creds["SessionToken"], e["CloudTrailEvent"])


class DecodeAuthorizationMessageTest(unittest.TestCase):
    """With --encode-authorization-messages, denials carry a message only callers allowed
    sts:DecodeAuthorizationMessage can read."""

    def test_denial_is_decoded_by_an_allowed_caller_only(self):
        with BulwarkServer(BIN, ["--encode-authorization-messages"]) as server:
            def client(service, key_id, secret):
                return boto3.client(service, endpoint_url=server.endpoint, region_name="us-east-1", config=NO_RETRY,
                                    aws_access_key_id=key_id, aws_secret_access_key=secret)
            root_iam = client("iam", server.access_key_id, server.secret_access_key)
            root_iam.create_user(UserName="curious")
            key = root_iam.create_access_key(UserName="curious")["AccessKey"]
            with self.assertRaises(botocore.exceptions.ClientError) as cm:
                client("iam", key["AccessKeyId"], key["SecretAccessKey"]).list_roles()
            message = cm.exception.response["Error"]["Message"]
            self.assertIn("because no identity-based policy allows the iam:ListRoles action", message)
            encoded = message.split("Encoded authorization failure message: ", 1)[1]
            sts_user = client("sts", key["AccessKeyId"], key["SecretAccessKey"])
            with self.assertRaises(botocore.exceptions.ClientError) as cm:
                sts_user.decode_authorization_message(EncodedMessage=encoded)
            self.assertEqual(cm.exception.response["Error"]["Code"], "AccessDenied")
            decoded = json.loads(client("sts", server.access_key_id, server.secret_access_key)
                                 .decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"])
            self.assertFalse(decoded["allowed"])
            self.assertFalse(decoded["explicitDeny"])
            self.assertEqual(decoded["context"]["action"], "iam:ListRoles")
            self.assertEqual(decoded["context"]["principal"]["arn"],
                             f"arn:aws:iam::{server.account_id}:user/curious")
            with self.assertRaises(botocore.exceptions.ClientError) as cm:
                client("sts", server.access_key_id, server.secret_access_key).decode_authorization_message(
                    EncodedMessage=encoded[:-8] + "AAAAAAAA")
            self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidAuthorizationMessageException")


if __name__ == "__main__":
    unittest.main()
