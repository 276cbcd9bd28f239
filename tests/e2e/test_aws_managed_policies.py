"""AWS managed policies through the real clients: every one AWS publishes is built in and read-only.

The stories are what people do with them on AWS: page through `aws iam list-policies --scope AWS`,
read SecurityAudit's document, give an auditor role SecurityAudit and a reader ReadOnlyAccess and see
exactly reads allowed and writes denied, and fail to delete an AWS managed policy.
"""
import json
import os
import subprocess
import unittest

import botocore.exceptions

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
SECURITY_AUDIT = "arn:aws:iam::aws:policy/SecurityAudit"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


class AwsManagedPoliciesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, service, creds=None):
        return self.server.client(service, creds)

    def cli(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_PROFILE", None)
        out = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "--output", "json", *args], env=env,
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)

    def user_with(self, name, policy_arn):
        iam = self.client("iam")
        iam.create_user(UserName=name)
        iam.attach_user_policy(UserName=name, PolicyArn=policy_arn)
        return iam.create_access_key(UserName=name)["AccessKey"]

    def assert_denied(self, fn):
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn()
        self.assertEqual(cm.exception.response["Error"]["Code"], "AccessDenied", cm.exception.response)
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 403)
        return cm.exception.response["Error"]["Message"]

    def test_cli_pages_through_every_aws_managed_policy(self):
        # The CLI follows IsTruncated/Marker by itself, 100 policies a page (IAM's default MaxItems).
        policies = self.cli("iam", "list-policies", "--scope", "AWS")["Policies"]
        arns = [p["Arn"] for p in policies]
        self.assertGreater(len(arns), 1000)
        self.assertEqual(len(arns), len(set(arns)))
        self.assertIn(SECURITY_AUDIT, arns)
        self.assertIn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", arns)
        self.assertTrue(all(a.startswith("arn:aws:iam::aws:policy/") for a in arns))
        # The same set page by page with boto3: full pages until the last, each with a marker.
        iam = self.client("iam")
        pages, marker = [], None
        while True:
            page = iam.list_policies(Scope="AWS", MaxItems=250, **({"Marker": marker} if marker else {}))
            pages.append(page["Policies"])
            if not page["IsTruncated"]:
                break
            marker = page["Marker"]
        self.assertTrue(all(len(p) == 250 for p in pages[:-1]))
        self.assertEqual([p["Arn"] for page in pages for p in page], arns)

    def test_get_policy_and_its_default_version_return_the_document(self):
        policy = self.cli("iam", "get-policy", "--policy-arn", SECURITY_AUDIT)["Policy"]
        self.assertEqual(policy["PolicyName"], "SecurityAudit")
        self.assertEqual(policy["Path"], "/")
        self.assertTrue(policy["PolicyId"].startswith("ANPA"))
        self.assertTrue(policy["IsAttachable"])
        self.assertRegex(policy["DefaultVersionId"], r"^v[0-9]+$")
        self.assertNotEqual(policy["DefaultVersionId"], "v1")  # AWS has revised SecurityAudit many times.
        self.assertLess(policy["CreateDate"], policy["UpdateDate"])
        version = self.cli("iam", "get-policy-version", "--policy-arn", SECURITY_AUDIT,
                           "--version-id", policy["DefaultVersionId"])["PolicyVersion"]
        self.assertTrue(version["IsDefaultVersion"])
        document = version["Document"]  # The CLI decodes IAM's URL-encoded document.
        self.assertEqual(document["Version"], "2012-10-17")
        actions = [a for s in document["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str)
                                                               else s["Action"])]
        self.assertIn("iam:List*", actions)
        versions = self.client("iam").list_policy_versions(PolicyArn=SECURITY_AUDIT)["Versions"]
        self.assertEqual([v["VersionId"] for v in versions], [policy["DefaultVersionId"]])

    def test_role_with_security_audit_reads_but_cannot_write(self):
        iam = self.client("iam")
        account = self.server.account_id
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]})
        role_arn = iam.create_role(RoleName="auditor", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        iam.attach_role_policy(RoleName="auditor", PolicyArn=SECURITY_AUDIT)
        iam.create_user(UserName="audit-operator")
        iam.put_user_policy(UserName="audit-operator", PolicyName="assume-auditor", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}))
        key = iam.create_access_key(UserName="audit-operator")["AccessKey"]
        creds = self.client("sts", key).assume_role(RoleArn=role_arn, RoleSessionName="audit")["Credentials"]
        auditor = self.client("iam", creds)
        self.assertIn("audit-operator", [u["UserName"] for u in auditor.list_users()["Users"]])
        details = auditor.get_account_authorization_details(Filter=["Role", "AWSManagedPolicy"])
        self.assertIn("auditor", [r["RoleName"] for r in details["RoleDetailList"]])
        self.assertIn(SECURITY_AUDIT, [p["Arn"] for p in details["Policies"]])
        message = self.assert_denied(lambda: auditor.create_user(UserName="intruder"))
        self.assertIn("iam:CreateUser", message)
        self.assert_denied(lambda: auditor.detach_role_policy(RoleName="auditor", PolicyArn=SECURITY_AUDIT))
        # The attachment shows on the policy and among its entities.
        self.assertEqual(iam.get_policy(PolicyArn=SECURITY_AUDIT)["Policy"]["AttachmentCount"], 1)
        entities = iam.list_entities_for_policy(PolicyArn=SECURITY_AUDIT)
        self.assertEqual([r["RoleName"] for r in entities["PolicyRoles"]], ["auditor"])

    def test_user_with_read_only_access_reads_iam_and_cloudtrail_but_cannot_write(self):
        reader = self.user_with("reader", READ_ONLY)
        iam = self.client("iam", reader)
        self.assertIn("reader", [u["UserName"] for u in iam.list_users()["Users"]])
        self.assertEqual(iam.get_user(UserName="reader")["User"]["UserName"], "reader")
        self.assertIn(READ_ONLY, [p["PolicyArn"] for p in
                                  iam.list_attached_user_policies(UserName="reader")["AttachedPolicies"]])
        events = self.client("cloudtrail", reader).lookup_events(LookupAttributes=[
            {"AttributeKey": "EventName", "AttributeValue": "CreateUser"}])["Events"]
        created = [json.loads(e["CloudTrailEvent"])["requestParameters"]["userName"] for e in events]
        self.assertIn("reader", created)
        self.assert_denied(lambda: iam.create_user(UserName="reader-made"))
        self.assert_denied(lambda: iam.attach_user_policy(UserName="reader",
                                                          PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess"))
        self.assert_denied(lambda: iam.delete_user(UserName="reader"))
        only_attached = self.client("iam").list_policies(Scope="AWS", OnlyAttached=True, MaxItems=1000)["Policies"]
        self.assertIn(READ_ONLY, [p["Arn"] for p in only_attached])

    def test_aws_managed_policies_cannot_be_deleted_or_changed(self):
        iam = self.client("iam")
        for call in (lambda: iam.delete_policy(PolicyArn=SECURITY_AUDIT),
                     lambda: iam.create_policy_version(PolicyArn=SECURITY_AUDIT, SetAsDefault=True, PolicyDocument=(
                         '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'))):
            message = self.assert_denied(call)
            self.assertIn(SECURITY_AUDIT, message)
        self.assertEqual(iam.get_policy(PolicyArn=SECURITY_AUDIT)["Policy"]["PolicyName"], "SecurityAudit")


if __name__ == "__main__":
    unittest.main()
