"""IAM through the real clients: entities and their rules, and policies actually enforced.

Each story is what people test on AWS: a user without permissions is denied and then allowed once a
policy is attached; a boundary caps an administrator; a group policy applies to its members; an
inactive key is refused; escalation attempts that must fail on AWS fail; every call is in the trail
with the right userIdentity.
"""
import json
import os
import subprocess
import time
import unittest

import boto3
import botocore.exceptions
from botocore.config import Config

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"})


def allow(actions, resource="*"):
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]})


class IamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, service, key_id=None, secret=None, token=None):
        s = self.server
        return boto3.client(service, endpoint_url=s.endpoint, region_name="us-east-1", config=NO_RETRY,
                            aws_access_key_id=key_id or s.access_key_id,
                            aws_secret_access_key=secret or s.secret_access_key, aws_session_token=token)

    def new_user(self, name, **kwargs):
        iam = self.client("iam")
        iam.create_user(UserName=name, **kwargs)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def assert_denied(self, fn, fragment=None):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn()
        self.assertEqual(cm.exception.response["Error"]["Code"], "AccessDenied", cm.exception.response)
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
        if fragment:
            self.assertIn(fragment, cm.exception.response["Error"]["Message"])
        return cm.exception.response["Error"]["Message"]

    def wait_for_key(self, key_id, secret):
        # Keys work from the next request on: no propagation delay to wait for.
        return self.client("sts", key_id, secret).get_caller_identity()

    # ---- entities and their rules ----

    def test_user_lifecycle_and_aws_errors(self):
        iam = self.client("iam")
        created = iam.create_user(UserName="lifecycle", Path="/eng/", Tags=[{"Key": "team", "Value": "core"}])["User"]
        self.assertTrue(created["UserId"].startswith("AIDA"))
        self.assertEqual(len(created["UserId"]), 21)
        self.assertEqual(created["Arn"], f"arn:aws:iam::{self.server.account_id}:user/eng/lifecycle")
        with self.assertRaises(iam.exceptions.EntityAlreadyExistsException):
            iam.create_user(UserName="LIFECYCLE")  # Names are unique without regard to case.
        got = iam.get_user(UserName="lifecycle")["User"]
        self.assertEqual(got["Tags"], [{"Key": "team", "Value": "core"}])
        names = [u["UserName"] for u in iam.list_users(PathPrefix="/eng/")["Users"]]
        self.assertEqual(names, ["lifecycle"])
        with self.assertRaises(iam.exceptions.NoSuchEntityException):
            iam.get_user(UserName="nobody")
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            iam.create_user(UserName="bad name!")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationError")
        # A user with keys, groups or policies cannot be deleted.
        iam.create_access_key(UserName="lifecycle")
        with self.assertRaises(iam.exceptions.DeleteConflictException):
            iam.delete_user(UserName="lifecycle")
        for key in iam.list_access_keys(UserName="lifecycle")["AccessKeyMetadata"]:
            iam.delete_access_key(UserName="lifecycle", AccessKeyId=key["AccessKeyId"])
        iam.delete_user(UserName="lifecycle")
        with self.assertRaises(iam.exceptions.NoSuchEntityException):
            iam.get_user(UserName="lifecycle")

    def test_access_key_quota(self):
        iam = self.client("iam")
        iam.create_user(UserName="keys")
        iam.create_access_key(UserName="keys")
        iam.create_access_key(UserName="keys")
        with self.assertRaises(iam.exceptions.LimitExceededException):
            iam.create_access_key(UserName="keys")

    def test_policy_versions(self):
        iam = self.client("iam")
        arn = iam.create_policy(PolicyName="versions", PolicyDocument=allow("s3:GetObject"))["Policy"]["Arn"]
        for i in range(4):
            iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow(f"s3:Get{i}"), SetAsDefault=(i == 3))
        with self.assertRaises(iam.exceptions.LimitExceededException):
            iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow("s3:Other"))
        self.assertEqual(iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"], "v5")
        doc = iam.get_policy_version(PolicyArn=arn, VersionId="v5")["PolicyVersion"]["Document"]
        self.assertEqual(doc["Statement"][0]["Action"], "s3:Get3")
        with self.assertRaises(iam.exceptions.DeleteConflictException):
            iam.delete_policy_version(PolicyArn=arn, VersionId="v5")
        with self.assertRaises(iam.exceptions.DeleteConflictException):
            iam.delete_policy(PolicyArn=arn)  # Non-default versions remain.
        with self.assertRaises(iam.exceptions.MalformedPolicyDocumentException):
            iam.create_policy(PolicyName="broken", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}')

    def test_cli_lists_users(self):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "iam", "create-user", "--user-name", "cli-user"],
                       env=env, check=True, capture_output=True)
        out = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "iam", "list-users", "--output", "json"],
                             env=env, check=True, capture_output=True, text=True).stdout
        self.assertIn("cli-user", [u["UserName"] for u in json.loads(out)["Users"]])

    # ---- enforcement ----

    def test_denied_then_allowed_after_attach(self):
        key, secret = self.new_user("alice")
        alice_iam = self.client("iam", key, secret)
        message = self.assert_denied(lambda: alice_iam.list_users())
        self.assertEqual(message, f"User: arn:aws:iam::{self.server.account_id}:user/alice is not authorized to "
                                  f"perform: iam:ListUsers on resource: * because no identity-based policy allows "
                                  f"the iam:ListUsers action")
        self.client("iam").attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        alice_iam.list_users()  # Allowed from the next request on.
        self.assert_denied(lambda: alice_iam.create_user(UserName="mallory"))

    def test_explicit_deny_wins(self):
        key, secret = self.new_user("denied-admin")
        iam = self.client("iam")
        iam.attach_user_policy(UserName="denied-admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        iam.put_user_policy(UserName="denied-admin", PolicyName="no-list", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:ListRoles", "Resource": "*"}]}))
        mine = self.client("iam", key, secret)
        mine.list_users()
        self.assert_denied(lambda: mine.list_roles(), "with an explicit deny in an identity-based policy")

    def test_create_is_authorized_against_the_requested_path(self):
        # A principal allowed to create users only under /builders/ (the Resource is the new user's ARN,
        # path included: IAM API reference, CreateUser; Service Authorization Reference, user type).
        key, secret = self.new_user("path-admin")
        account = self.server.account_id
        self.client("iam").put_user_policy(UserName="path-admin", PolicyName="builders-only", PolicyDocument=allow(
            "iam:CreateUser", f"arn:aws:iam::{account}:user/builders/*"))
        mine = self.client("iam", key, secret)
        created = mine.create_user(UserName="builder", Path="/builders/")["User"]
        self.assertEqual(created["Arn"], f"arn:aws:iam::{account}:user/builders/builder")
        self.assert_denied(lambda: mine.create_user(UserName="root-member"),
                           f"arn:aws:iam::{account}:user/root-member")
        self.assert_denied(lambda: mine.create_user(UserName="ops-member", Path="/ops/"))

    def test_boundary_caps_an_administrator(self):
        iam = self.client("iam")
        boundary = iam.create_policy(PolicyName="only-read-iam", PolicyDocument=allow(["iam:Get*", "iam:List*"]))
        key, secret = self.new_user("capped", PermissionsBoundary=boundary["Policy"]["Arn"])
        iam.attach_user_policy(UserName="capped", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        mine = self.client("iam", key, secret)
        mine.list_users()
        self.assert_denied(lambda: mine.create_user(UserName="x"), "because no permissions boundary allows")
        # Replacing one's own boundary needs iam:PutUserPermissionsBoundary, which the boundary withholds.
        self.assert_denied(lambda: mine.delete_user_permissions_boundary(UserName="capped"))
        self.assert_denied(lambda: mine.put_user_permissions_boundary(
            UserName="capped", PermissionsBoundary="arn:aws:iam::aws:policy/AdministratorAccess"))

    def test_group_policy_applies_to_members(self):
        iam = self.client("iam")
        iam.create_group(GroupName="readers")
        iam.put_group_policy(GroupName="readers", PolicyName="read", PolicyDocument=allow("iam:ListGroups"))
        key, secret = self.new_user("member")
        mine = self.client("iam", key, secret)
        self.assert_denied(lambda: mine.list_groups())
        iam.add_user_to_group(GroupName="readers", UserName="member")
        mine.list_groups()
        with self.assertRaises(iam.exceptions.DeleteConflictException):
            iam.delete_group(GroupName="readers")
        iam.remove_user_from_group(GroupName="readers", UserName="member")
        self.assert_denied(lambda: mine.list_groups())

    def test_inactive_key_is_refused_at_once(self):
        key, secret = self.new_user("sleepy")
        sts = self.client("sts", key, secret)
        self.assertTrue(sts.get_caller_identity()["Arn"].endswith(":user/sleepy"))
        self.client("iam").update_access_key(UserName="sleepy", AccessKeyId=key, Status="Inactive")
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            sts.get_caller_identity()
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidClientTokenId")

    def test_escalation_attempts_fail(self):
        iam = self.client("iam")
        iam.create_user(UserName="victim")
        key, secret = self.new_user("climber")
        # May manage only its own keys.
        iam.put_user_policy(UserName="climber", PolicyName="own-keys", PolicyDocument=allow(
            ["iam:CreateAccessKey", "iam:ListAccessKeys"], f"arn:aws:iam::{self.server.account_id}:user/${{aws:username}}"))
        mine = self.client("iam", key, secret)
        self.assert_denied(lambda: mine.attach_user_policy(
            UserName="climber", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"), "iam:AttachUserPolicy")
        self.assert_denied(lambda: mine.create_access_key(UserName="victim"),
                           f"on resource: arn:aws:iam::{self.server.account_id}:user/victim")
        self.assertEqual(len(mine.list_access_keys()["AccessKeyMetadata"]), 1)  # Its own, by default.
        self.assert_denied(lambda: mine.put_user_permissions_boundary(
            UserName="climber", PermissionsBoundary="arn:aws:iam::aws:policy/AdministratorAccess"))

    def test_resource_tag_conditions(self):
        iam = self.client("iam")
        iam.create_user(UserName="tagged-dev", Tags=[{"Key": "env", "Value": "dev"}])
        iam.create_user(UserName="tagged-prod", Tags=[{"Key": "env", "Value": "prod"}])
        key, secret = self.new_user("tag-reader")
        iam.put_user_policy(UserName="tag-reader", PolicyName="dev-only", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*",
                           "Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}}]}))
        mine = self.client("iam", key, secret)
        mine.get_user(UserName="tagged-dev")
        self.assert_denied(lambda: mine.get_user(UserName="tagged-prod"))

    def test_calls_are_in_the_trail_with_the_caller(self):
        key, secret = self.new_user("audited")
        self.assert_denied(lambda: self.client("iam", key, secret).list_policies())
        ct = self.client("cloudtrail")
        events = ct.lookup_events(LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": "audited"}])["Events"]
        denied = [e for e in events if e["EventName"] == "ListPolicies"]
        self.assertEqual(len(denied), 1)
        record = json.loads(denied[0]["CloudTrailEvent"])
        self.assertEqual(record["userIdentity"]["type"], "IAMUser")
        self.assertEqual(record["userIdentity"]["userName"], "audited")
        self.assertEqual(record["userIdentity"]["accessKeyId"], key)
        self.assertEqual(record["errorCode"], "AccessDenied")
        created = ct.lookup_events(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateAccessKey"}])
        for e in created["Events"]:
            self.assertNotIn(secret, e["CloudTrailEvent"])  # The secret never reaches the trail.
        records = [json.loads(e["CloudTrailEvent"]) for e in created["Events"]]
        mine = [r for r in records if (r["requestParameters"] or {}).get("userName") == "audited"]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["userIdentity"]["type"], "Root")
        self.assertEqual(mine[0]["responseElements"]["accessKey"]["accessKeyId"], key)
        self.assertEqual(mine[0]["responseElements"]["accessKey"]["secretAccessKey"], "HIDDEN_DUE_TO_SECURITY_REASONS")


if __name__ == "__main__":
    unittest.main()
