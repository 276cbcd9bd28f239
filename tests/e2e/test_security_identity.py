"""Security review, issue 17 (identity): each test performs an attack through the wire with boto3
against `bulwark serve` and fails if the attack succeeds again.

- Sessions are bound to the unique id of their role or user, not to its name (item 2).
- iam:PermissionsBoundary is the target's current boundary where the catalog lists the key (item 6).
- SourceIdentity needs sts:SetSourceIdentity and cannot be changed by role chaining (item 7).
- Wrong MFA codes lock the device for a while, on both STS paths (item 8).
- A Deny on an MFA device's ARN holds whatever the case of the serial number sent (item 10).
- A wrong secret with the right key id does not count as the key's last use (item 11).
- Policy size is counted without white space; denials do not reveal a role's path (item 14)."""
import base64
import hashlib
import hmac
import json
import os
import struct
import time
import unittest

import botocore.exceptions

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"


def totp(seed, step):
    """RFC 6238, HMAC-SHA1, 6 digits."""
    mac = hmac.new(seed, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def trust(principal_arn, actions=("sts:AssumeRole",), condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal_arn}, "Action": list(actions)}
    if condition:
        statement["Condition"] = condition
    return document(statement)


class SecurityIdentityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()
        cls.account = cls.server.account_id

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, service, creds=None):
        return self.server.client(service, creds)

    def user(self, name, policy_arns=(), inline=None, **kwargs):
        iam = self.client("iam")
        iam.create_user(UserName=name, **kwargs)
        for arn in policy_arns:
            iam.attach_user_policy(UserName=name, PolicyArn=arn)
        if inline:
            iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=inline)
        return iam.create_access_key(UserName=name)["AccessKey"]

    def error(self, fn):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn()
        return cm.exception.response["Error"]["Code"], cm.exception.response["Error"]["Message"]

    def user_arn(self, name):
        return f"arn:aws:iam::{self.account}:user/{name}"

    def events(self, name, key_id):
        found = self.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "AccessKeyId", "AttributeValue": key_id}], MaxResults=50)["Events"]
        return [json.loads(e["CloudTrailEvent"]) for e in found if e["EventName"] == name]

    def enroll_mfa(self, user):
        iam = self.client("iam")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=user + "-phone")["VirtualMFADevice"]
        text = device["Base32StringSeed"].decode()
        seed = base64.b32decode(text + "=" * (-len(text) % 8))
        step = int(time.time()) // 30
        iam.enable_mfa_device(UserName=user, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))
        return device["SerialNumber"], totp(seed, step + 1)

    @staticmethod
    def wrong_codes(right, n):
        return [c for c in ("%06d" % i for i in range(n + 1)) if c != right][:n]

    # Item 2 ----------------------------------------------------------------------------------

    def test_role_session_does_not_follow_the_role_name_to_a_new_role(self):
        assumer = self.user("phoenix-assumer")
        iam = self.client("iam")
        trust_doc = trust(self.user_arn("phoenix-assumer"))
        arn = iam.create_role(RoleName="phoenix", AssumeRolePolicyDocument=trust_doc)["Role"]["Arn"]
        old = self.client("sts", assumer).assume_role(RoleArn=arn, RoleSessionName="before")["Credentials"]
        self.assertEqual(self.error(lambda: self.client("iam", old).list_users())[0], "AccessDenied")
        iam.delete_role(RoleName="phoenix")
        iam.create_role(RoleName="phoenix", AssumeRolePolicyDocument=trust_doc)
        iam.attach_role_policy(RoleName="phoenix", PolicyArn=ADMIN)
        # The attack: the old session now acting with the new role's AdministratorAccess.
        code, message = self.error(lambda: self.client("iam", old).list_users())
        self.assertEqual(code, "InvalidClientTokenId")
        self.assertEqual(message, "The security token included in the request is invalid.")
        self.assertEqual(self.error(lambda: self.client("sts", old).get_caller_identity())[0], "InvalidClientTokenId")
        fresh = self.client("sts", assumer).assume_role(RoleArn=arn, RoleSessionName="after")["Credentials"]
        self.client("iam", fresh).list_users()  # A session of the new role is the new role's.

    def test_trust_policy_does_not_follow_a_user_name_to_a_new_user(self):
        # "IAM JSON policy elements: Principal": an IAM user or role ARN in a trust policy is bound
        # to the principal's unique id when the policy is saved, so deleting and recreating the
        # principal under the same name does not inherit the trust.
        first = self.user("loyal-assumer")
        iam = self.client("iam")
        arn = iam.create_role(RoleName="loyal", AssumeRolePolicyDocument=trust(self.user_arn("loyal-assumer")))["Role"]["Arn"]
        self.client("sts", first).assume_role(RoleArn=arn, RoleSessionName="first")
        iam.delete_access_key(UserName="loyal-assumer", AccessKeyId=first["AccessKeyId"])
        iam.delete_user(UserName="loyal-assumer")
        impostor = self.user("loyal-assumer")
        code, _ = self.error(lambda: self.client("sts", impostor).assume_role(RoleArn=arn, RoleSessionName="impostor"))
        self.assertEqual(code, "AccessDenied")
        # Saving the policy again binds the name to the new user, as on AWS.
        iam.update_assume_role_policy(RoleName="loyal", PolicyDocument=trust(self.user_arn("loyal-assumer")))
        self.client("sts", impostor).assume_role(RoleArn=arn, RoleSessionName="rebound")
        # A principal of this account that does not exist cannot be named at all.
        code, message = self.error(lambda: iam.create_role(
            RoleName="hopeful", AssumeRolePolicyDocument=trust(self.user_arn("not-yet-created"))))
        self.assertEqual(code, "MalformedPolicyDocument")
        self.assertIn("Invalid principal in policy", message)

    def test_deleted_role_session_is_refused(self):
        assumer = self.user("gone-assumer")
        iam = self.client("iam")
        arn = iam.create_role(RoleName="gone", AssumeRolePolicyDocument=trust(self.user_arn("gone-assumer")))["Role"]["Arn"]
        creds = self.client("sts", assumer).assume_role(RoleArn=arn, RoleSessionName="ss")["Credentials"]
        self.client("sts", creds).get_caller_identity()
        iam.delete_role(RoleName="gone")
        self.assertEqual(self.error(lambda: self.client("sts", creds).get_caller_identity())[0], "InvalidClientTokenId")

    def test_user_session_does_not_follow_the_user_name_to_a_new_user(self):
        key = self.user("lazarus")
        iam = self.client("iam")
        # Trusting the account delegates to the caller's identity policies.
        target = iam.create_role(RoleName="lazarus-target",
                                 AssumeRolePolicyDocument=trust(f"arn:aws:iam::{self.account}:root"))["Role"]["Arn"]
        iam.attach_role_policy(RoleName="lazarus-target", PolicyArn=ADMIN)
        old = self.client("sts", key).get_session_token(DurationSeconds=900)["Credentials"]
        # The old user may not assume the role: its identity policies allow nothing.
        self.assertEqual(self.error(lambda: self.client("sts", old).assume_role(
            RoleArn=target, RoleSessionName="x1"))[0], "AccessDenied")
        iam.delete_access_key(UserName="lazarus", AccessKeyId=key["AccessKeyId"])
        iam.delete_user(UserName="lazarus")
        self.user("lazarus", policy_arns=[ADMIN])
        code, _ = self.error(lambda: self.client("sts", old).assume_role(RoleArn=target, RoleSessionName="x2"))
        self.assertEqual(code, "InvalidClientTokenId")
        self.assertEqual(self.error(lambda: self.client("sts", old).get_caller_identity())[0], "InvalidClientTokenId")

    # Item 6 ----------------------------------------------------------------------------------

    def boundary_policy(self, name):
        return self.client("iam").create_policy(PolicyName=name, PolicyDocument=document(
            {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}))["Policy"]["Arn"]

    def test_deny_on_removing_a_boundary_conditioned_on_the_boundary_applies(self):
        boundary = self.boundary_policy("contained-boundary")
        iam = self.client("iam")
        iam.create_user(UserName="contained", PermissionsBoundary=boundary)
        iam.create_role(RoleName="contained-role", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{self.account}:root"),
                        PermissionsBoundary=boundary)
        admin = self.user("boundary-admin", policy_arns=[ADMIN], inline=document({
            "Effect": "Deny",
            "Action": ["iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
                       "iam:PutUserPolicy", "iam:DeleteRole"],
            "Resource": "*",
            "Condition": {"StringEquals": {"iam:PermissionsBoundary": boundary}}}))
        admin_iam = self.client("iam", admin)
        code, message = self.error(lambda: admin_iam.delete_user_permissions_boundary(UserName="contained"))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("with an explicit deny in an identity-based policy", message)
        self.assertEqual(self.error(lambda: admin_iam.delete_role_permissions_boundary(
            RoleName="contained-role"))[0], "AccessDenied")
        self.assertEqual(self.error(lambda: admin_iam.put_user_policy(
            UserName="contained", PolicyName="escape", PolicyDocument=document(
                {"Effect": "Allow", "Action": "*", "Resource": "*"})))[0], "AccessDenied")
        self.assertEqual(self.error(lambda: admin_iam.delete_role(RoleName="contained-role"))[0], "AccessDenied")
        self.assertEqual(iam.get_user(UserName="contained")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"],
                         boundary)
        # The deny names only that boundary: a user without it is managed as usual.
        iam.create_user(UserName="free")
        admin_iam.put_user_policy(UserName="free", PolicyName="p", PolicyDocument=document(
            {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}))

    def test_delegated_admin_attaches_only_to_principals_with_the_boundary(self):
        boundary = self.boundary_policy("delegation-boundary")
        iam = self.client("iam")
        iam.create_user(UserName="bounded-dev", PermissionsBoundary=boundary)
        iam.create_user(UserName="unbounded-dev")
        iam.create_role(RoleName="bounded-app", AssumeRolePolicyDocument=trust(f"arn:aws:iam::{self.account}:root"),
                        PermissionsBoundary=boundary)
        delegate = self.user("delegate", inline=document({
            "Effect": "Allow",
            "Action": ["iam:AttachUserPolicy", "iam:DetachUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy"],
            "Resource": "*",
            "Condition": {"StringEquals": {"iam:PermissionsBoundary": boundary}}}))
        d = self.client("iam", delegate)
        d.attach_user_policy(UserName="bounded-dev", PolicyArn=READ_ONLY)
        d.detach_user_policy(UserName="bounded-dev", PolicyArn=READ_ONLY)
        d.attach_role_policy(RoleName="bounded-app", PolicyArn=READ_ONLY)
        d.put_role_policy(RoleName="bounded-app", PolicyName="p", PolicyDocument=document(
            {"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}))
        code, _ = self.error(lambda: d.attach_user_policy(UserName="unbounded-dev", PolicyArn=ADMIN))
        self.assertEqual(code, "AccessDenied")

    # Item 7 ----------------------------------------------------------------------------------

    def test_source_identity_needs_set_source_identity_in_the_trust_policy(self):
        key = self.user("si-caller", inline=document({"Effect": "Allow", "Action": "sts:*", "Resource": "*"}))
        iam = self.client("iam")
        plain = iam.create_role(RoleName="si-plain", AssumeRolePolicyDocument=trust(self.user_arn("si-caller")))
        plain_arn = plain["Role"]["Arn"]
        sts = self.client("sts", key)
        code, message = self.error(lambda: sts.assume_role(RoleArn=plain_arn, RoleSessionName="ss",
                                                           SourceIdentity="alice"))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("sts:SetSourceIdentity", message)
        sts.assume_role(RoleArn=plain_arn, RoleSessionName="ss")  # Without a source identity it is allowed.
        allowing = iam.create_role(RoleName="si-allowing", AssumeRolePolicyDocument=trust(
            self.user_arn("si-caller"), ("sts:AssumeRole", "sts:SetSourceIdentity")))["Role"]["Arn"]
        self.assertEqual(sts.assume_role(RoleArn=allowing, RoleSessionName="ss",
                                         SourceIdentity="alice")["SourceIdentity"], "alice")
        # The caller's own policies must allow it too.
        denied = self.user("si-denied", inline=document(
            {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
            {"Effect": "Deny", "Action": "sts:SetSourceIdentity", "Resource": "*"}))
        iam.update_assume_role_policy(RoleName="si-allowing", PolicyDocument=document(
            {"Effect": "Allow", "Principal": {"AWS": [self.user_arn("si-caller"), self.user_arn("si-denied")]},
             "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"]}))
        self.assertEqual(self.error(lambda: self.client("sts", denied).assume_role(
            RoleArn=allowing, RoleSessionName="ss", SourceIdentity="mallory"))[0], "AccessDenied")

    def test_chained_session_keeps_its_source_identity(self):
        key = self.user("chain-origin")
        iam = self.client("iam")
        both = ("sts:AssumeRole", "sts:SetSourceIdentity")
        first = iam.create_role(RoleName="chain-first",
                                AssumeRolePolicyDocument=trust(self.user_arn("chain-origin"), both))["Role"]["Arn"]
        iam.put_role_policy(RoleName="chain-first", PolicyName="assume", PolicyDocument=document(
            {"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"], "Resource": "*"}))
        second = iam.create_role(RoleName="chain-second", AssumeRolePolicyDocument=trust(first, both))["Role"]["Arn"]
        iam.attach_role_policy(RoleName="chain-second", PolicyArn=READ_ONLY)
        no_set = iam.create_role(RoleName="chain-no-set", AssumeRolePolicyDocument=trust(first))["Role"]["Arn"]
        one = self.client("sts", key).assume_role(RoleArn=first, RoleSessionName="one",
                                                  SourceIdentity="alice")["Credentials"]
        sts_one = self.client("sts", one)
        # The attack: replacing the source identity on the way.
        code, _ = self.error(lambda: sts_one.assume_role(RoleArn=second, RoleSessionName="two",
                                                         SourceIdentity="mallory"))
        self.assertEqual(code, "AccessDenied")
        # Without one, it is carried over; and carrying it needs sts:SetSourceIdentity too.
        two = sts_one.assume_role(RoleArn=second, RoleSessionName="two")
        self.assertEqual(two["SourceIdentity"], "alice")
        self.client("iam", two["Credentials"]).list_roles()
        recorded = self.events("ListRoles", two["Credentials"]["AccessKeyId"])
        self.assertEqual(recorded[0]["userIdentity"]["sessionContext"]["sourceIdentity"], "alice")
        self.assertEqual(self.error(lambda: sts_one.assume_role(RoleArn=no_set, RoleSessionName="three"))[0],
                         "AccessDenied")
        # The same value again is no change.
        self.assertEqual(sts_one.assume_role(RoleArn=second, RoleSessionName="four",
                                             SourceIdentity="alice")["SourceIdentity"], "alice")
        for event in self.events("AssumeRole", one["AccessKeyId"]):
            self.assertNotIn("mallory", json.dumps(event.get("responseElements")))

    # Item 8 ----------------------------------------------------------------------------------

    def test_get_session_token_locks_the_device_after_five_wrong_codes(self):
        key = self.user("guesser")
        serial, right = self.enroll_mfa("guesser")
        sts = self.client("sts", key)
        for wrong in self.wrong_codes(right, 5):
            code, message = self.error(lambda: sts.get_session_token(SerialNumber=serial, TokenCode=wrong))
            self.assertEqual(code, "AccessDenied")
            self.assertIn("MultiFactorAuthentication failed with invalid MFA one time pass code", message)
        # The attack: the sixth guess is the right code. Locked: refused anyway.
        code, message = self.error(lambda: sts.get_session_token(SerialNumber=serial, TokenCode=right))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("too many invalid MFA one time pass codes", message)
        recorded = self.events("GetSessionToken", key["AccessKeyId"])
        self.assertEqual(len(recorded), 6)
        self.assertTrue(all(e["errorCode"] == "AccessDenied" for e in recorded))
        self.assertIn("too many invalid MFA", recorded[0]["errorMessage"])  # Newest first.

    def test_assume_role_mfa_precheck_counts_and_respects_the_lock(self):
        key = self.user("role-guesser")
        arn = self.client("iam").create_role(RoleName="mfa-guarded", AssumeRolePolicyDocument=trust(
            self.user_arn("role-guesser"), condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))["Role"]["Arn"]
        serial, right = self.enroll_mfa("role-guesser")
        sts = self.client("sts", key)
        # Wrong codes never reach the handler here (the trust policy refuses first): the precheck counts them.
        for wrong in self.wrong_codes(right, 5):
            code, message = self.error(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="gg",
                                                               SerialNumber=serial, TokenCode=wrong))
            self.assertEqual(code, "AccessDenied")
            self.assertIn("MultiFactorAuthentication failed", message)
        code, message = self.error(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="gg",
                                                           SerialNumber=serial, TokenCode=right))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("too many invalid MFA one time pass codes", message)
        self.assertEqual(self.error(lambda: sts.get_session_token(SerialNumber=serial, TokenCode=right))[0],
                         "AccessDenied")

    def test_a_right_code_resets_the_count(self):
        key = self.user("typo")
        serial, right = self.enroll_mfa("typo")
        sts = self.client("sts", key)
        for wrong in self.wrong_codes(right, 4):
            self.error(lambda: sts.get_session_token(SerialNumber=serial, TokenCode=wrong))
        sts.get_session_token(SerialNumber=serial, TokenCode=right)
        # Counted from zero again: four more wrong codes are refused as wrong, not as a lockout.
        for wrong in self.wrong_codes(right, 4):
            code, message = self.error(lambda: sts.get_session_token(SerialNumber=serial, TokenCode=wrong))
            self.assertIn("invalid MFA one time pass code", message)

    # Item 10 ---------------------------------------------------------------------------------

    def test_deny_on_an_mfa_device_holds_whatever_the_case_of_its_serial(self):
        iam = self.client("iam")
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="CaseDevice")["VirtualMFADevice"]["SerialNumber"]
        key = self.user("case-admin", policy_arns=[ADMIN], inline=document(
            {"Effect": "Deny", "Action": ["iam:TagMFADevice", "iam:DeleteVirtualMFADevice"], "Resource": serial}))
        mine = self.client("iam", key)
        for variant in (serial, serial.lower(), serial.replace("CaseDevice", "CASEDEVICE")):
            code, _ = self.error(lambda: mine.tag_mfa_device(SerialNumber=variant, Tags=[{"Key": "k", "Value": "v"}]))
            self.assertEqual(code, "AccessDenied", variant)
            code, _ = self.error(lambda: mine.delete_virtual_mfa_device(SerialNumber=variant))
            self.assertEqual(code, "AccessDenied", variant)
        self.assertEqual(iam.list_mfa_device_tags(SerialNumber=serial)["Tags"], [])

    # Item 11 ---------------------------------------------------------------------------------

    def test_wrong_secret_is_not_a_use_of_the_key(self):
        key = self.user("last-used")
        iam = self.client("iam")
        never = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        self.assertNotIn("LastUsedDate", never)
        forged = {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": "x" * 40}
        self.assertEqual(self.error(lambda: self.client("sts", forged).get_caller_identity())[0],
                         "SignatureDoesNotMatch")
        after_forgery = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        self.assertNotIn("LastUsedDate", after_forgery)
        self.assertEqual(after_forgery["ServiceName"], "N/A")
        self.client("sts", key).get_caller_identity()
        used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        self.assertIn("LastUsedDate", used)
        self.assertEqual(used["ServiceName"], "sts")
        self.assertEqual(used["Region"], "us-east-1")
        # A later forgery does not move it either.
        self.error(lambda: self.client("iam", forged).list_users())
        again = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        self.assertEqual(again["ServiceName"], "sts")

    # Item 14 ---------------------------------------------------------------------------------

    def test_policies_padded_with_white_space_count_without_it(self):
        iam = self.client("iam")
        padded_policy = document({"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}) + " " * 110000
        iam.create_policy(PolicyName="padded", PolicyDocument=padded_policy)
        padded_trust = trust(f"arn:aws:iam::{self.account}:root") + "\n" * 60000
        iam.create_role(RoleName="padded-trust", AssumeRolePolicyDocument=padded_trust)
        # The quota still holds on what counts.
        too_big = document({"Effect": "Allow", "Action": ["iam:" + "x" * 40 + str(i) for i in range(200)],
                            "Resource": "*"})
        self.assertEqual(self.error(lambda: iam.create_policy(PolicyName="too-big", PolicyDocument=too_big))[0],
                         "LimitExceeded")

    def test_denial_does_not_reveal_a_hidden_roles_path(self):
        self.client("iam").create_role(RoleName="hidden", Path="/secret/team/",
                                       AssumeRolePolicyDocument=trust(f"arn:aws:iam::{self.account}:root"))
        nobody = self.user("nobody")
        code, message = self.error(lambda: self.client("iam", nobody).get_role(RoleName="hidden"))
        self.assertEqual(code, "AccessDenied")
        self.assertIn(f"on resource: arn:aws:iam::{self.account}:role/hidden ", message)
        self.assertNotIn("secret", message)


if __name__ == "__main__":
    unittest.main()
