"""Many accounts on one server, through the real clients.

- A data folder written before accounts were a dimension (tests/e2e/fixtures/data-before-accounts,
  made by the release before this change) opens with nothing lost: its account is the first account.
- `bulwark account create` makes a standalone account whose root credentials it prints once; the
  accounts do not see each other's IAM, settings or trail, and names are unique per account only.
- Cross-account access exactly as documented: assuming another account's role needs the role's
  trust policy and the caller's own policies; the session acts in the role's account; the call is
  recorded in both accounts with one sharedEventID.
"""
import json
import os
import subprocess
import unittest

import botocore.exceptions

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "data-before-accounts")
FIXTURE_ACCOUNT = "111122223333"


def error_code(ctx):
    return ctx.exception.response["Error"]["Code"]


def lookup_all(cloudtrail, **kwargs):
    events, token = [], None
    while True:
        page = cloudtrail.lookup_events(MaxResults=50, **({"NextToken": token} if token else {}), **kwargs)
        events.extend(page["Events"])
        token = page.get("NextToken")
        if not token:
            return events


class UpgradedDataFolderTest(unittest.TestCase):
    """The folder the previous release wrote: every entity, setting, key and record is still there."""

    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN, seed_data_dir=FIXTURE).__enter__()
        with open(os.path.join(FIXTURE, "alice-credentials.json")) as f:
            cls.alice = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def test_root_and_user_keys_still_authenticate_in_the_first_account(self):
        self.assertEqual(self.server.account_id, FIXTURE_ACCOUNT)
        me = self.server.client("sts").get_caller_identity()
        self.assertEqual(me["Account"], FIXTURE_ACCOUNT)
        alice = self.server.client("sts", self.alice).get_caller_identity()
        self.assertEqual(alice["Arn"], "arn:aws:iam::%s:user/eng/alice" % FIXTURE_ACCOUNT)
        # Her attached policy (iam:Get*) still applies to her.
        user = self.server.client("iam", self.alice).get_user(UserName="alice")["User"]
        self.assertEqual(user["Path"], "/eng/")

    def test_entities_policies_and_memberships_survive(self):
        iam = self.server.client("iam")
        self.assertEqual([u["UserName"] for u in iam.list_users()["Users"]], ["alice"])
        self.assertEqual([g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]], ["Admins"])
        attached = iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"]
        self.assertEqual([p["PolicyName"] for p in attached], ["ReadIam"])
        policy = iam.get_policy(PolicyArn=attached[0]["PolicyArn"])["Policy"]
        self.assertEqual(policy["DefaultVersionId"], "v2")
        self.assertEqual(policy["AttachmentCount"], 2)
        self.assertEqual(len(iam.list_policy_versions(PolicyArn=policy["Arn"])["Versions"]), 2)
        self.assertEqual(iam.list_user_policies(UserName="alice")["PolicyNames"], ["inline"])
        group_policies = iam.list_attached_group_policies(GroupName="Admins")["AttachedPolicies"]
        self.assertEqual([p["PolicyName"] for p in group_policies], ["IAMReadOnlyAccess"])
        self.assertEqual(iam.list_user_tags(UserName="alice")["Tags"], [{"Key": "team", "Value": "red"}])
        self.assertEqual(len(iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]), 1)
        iam.get_login_profile(UserName="alice")

    def test_account_settings_survive(self):
        iam = self.server.client("iam")
        self.assertEqual(iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"], 12)
        self.assertEqual(iam.list_account_aliases()["AccountAliases"], ["fixture-acct"])
        devices = iam.list_virtual_mfa_devices()["VirtualMFADevices"]
        self.assertEqual([d["SerialNumber"] for d in devices], ["arn:aws:iam::%s:mfa/alice-mfa" % FIXTURE_ACCOUNT])
        self.assertEqual(iam.get_credential_report()["ReportFormat"], "text/csv")
        summary = iam.get_account_summary()["SummaryMap"]
        self.assertEqual((summary["Users"], summary["Groups"], summary["Roles"], summary["Policies"]), (1, 1, 1, 1))

    def test_trust_policy_bindings_survive(self):
        creds = self.server.client("sts", self.alice).assume_role(
            RoleArn="arn:aws:iam::%s:role/Auditor" % FIXTURE_ACCOUNT, RoleSessionName="upgrade")["Credentials"]
        arn = self.server.client("sts", creds).get_caller_identity()["Arn"]
        self.assertEqual(arn, "arn:aws:sts::%s:assumed-role/Auditor/upgrade" % FIXTURE_ACCOUNT)

    def test_old_records_are_the_first_accounts_and_the_chain_verifies(self):
        events = lookup_all(self.server.client("cloudtrail"),
                            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}])
        self.assertEqual(len(events), 1)
        record = json.loads(events[0]["CloudTrailEvent"])
        self.assertEqual(record["recipientAccountId"], FIXTURE_ACCOUNT)
        out = subprocess.run([BIN, "trail", "verify", "--store", "--data-dir", self.server.data_dir],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)


class ManyAccountsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()
        cls.home = cls.server.account_id
        cls.other = cls.create_account()
        cls.other_id = cls.other["AccountId"]

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    @classmethod
    def create_account(cls, *extra):
        out = subprocess.run([BIN, "account", "create", "--data-dir", cls.server.data_dir, *extra],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise AssertionError(out.stderr)
        return json.loads(out.stdout)

    def client(self, service, creds=None):
        return self.server.client(service, creds)

    def test_new_account_has_its_own_root(self):
        me = self.client("sts", self.other).get_caller_identity()
        self.assertEqual(me, {**me, "Account": self.other_id, "Arn": "arn:aws:iam::%s:root" % self.other_id})
        self.assertNotEqual(self.other_id, self.home)

    def test_account_create_refuses_a_taken_id_and_a_malformed_one(self):
        for bad in (self.home, "12345"):
            out = subprocess.run([BIN, "account", "create", "--data-dir", self.server.data_dir, "--account-id", bad],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 2, out.stdout + out.stderr)
            self.assertEqual(out.stdout, "")
        chosen = self.create_account("--account-id", "444455556666")
        self.assertEqual(chosen["AccountId"], "444455556666")
        self.assertEqual(self.client("sts", chosen).get_caller_identity()["Account"], "444455556666")

    def test_names_are_unique_per_account_and_accounts_do_not_see_each_other(self):
        home, other = self.client("iam"), self.client("iam", self.other)
        home.create_user(UserName="carol")
        other.create_user(UserName="carol", Path="/other/")  # The same name in another account.
        self.assertEqual(home.get_user(UserName="carol")["User"]["Arn"], "arn:aws:iam::%s:user/carol" % self.home)
        self.assertEqual(other.get_user(UserName="carol")["User"]["Arn"],
                         "arn:aws:iam::%s:user/other/carol" % self.other_id)
        other.create_user(UserName="only-other")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            home.get_user(UserName="only-other")
        self.assertEqual(error_code(ctx), "NoSuchEntity")
        self.assertNotIn("only-other", [u["UserName"] for u in home.list_users()["Users"]])
        other.delete_user(UserName="carol")
        self.assertEqual(home.get_user(UserName="carol")["User"]["UserName"], "carol")  # Untouched.

    def test_settings_are_per_account(self):
        home, other = self.client("iam"), self.client("iam", self.other)
        home.update_account_password_policy(MinimumPasswordLength=20)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            other.get_account_password_policy()
        self.assertEqual(error_code(ctx), "NoSuchEntity")
        home.create_account_alias(AccountAlias="home-alias-e2e")
        self.assertEqual(other.list_account_aliases()["AccountAliases"], [])
        # Aliases are unique across accounts, as on AWS.
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            other.create_account_alias(AccountAlias="home-alias-e2e")
        self.assertEqual(error_code(ctx), "EntityAlreadyExists")
        home.create_policy(PolicyName="SameName", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        other.create_policy(PolicyName="SameName", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        # The credential report lists the account's own root and users, and no one else's.
        other.generate_credential_report()
        report = other.get_credential_report()["Content"].decode()
        arns = [line.split(",")[1] for line in report.splitlines()[1:]]
        self.assertIn("arn:aws:iam::%s:root" % self.other_id, arns)
        self.assertTrue(all(":%s:" % self.other_id in arn for arn in arns), arns)
        local = other.list_policies(Scope="Local")["Policies"]
        self.assertEqual([p["Arn"] for p in local], ["arn:aws:iam::%s:policy/SameName" % self.other_id])

    def test_another_accounts_policy_cannot_be_attached(self):
        home, other = self.client("iam"), self.client("iam", self.other)
        arn = home.create_policy(PolicyName="HomeOnly", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))["Policy"]["Arn"]
        other.create_user(UserName="grabber")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            other.attach_user_policy(UserName="grabber", PolicyArn=arn)
        self.assertEqual(error_code(ctx), "NoSuchEntity")
        self.assertEqual(other.list_attached_user_policies(UserName="grabber")["AttachedPolicies"], [])
        # Reading it is a cross-account request no IAM resource policy allows.
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            other.get_policy(PolicyArn=arn)
        self.assertEqual(error_code(ctx), "AccessDenied")

    def test_each_account_reads_only_its_own_trail(self):
        other = self.client("iam", self.other)
        other.create_user(UserName="trail-marker")
        mine = lookup_all(self.client("cloudtrail", self.other),
                          LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}])
        names = [json.loads(e["CloudTrailEvent"])["requestParameters"]["userName"] for e in mine]
        self.assertIn("trail-marker", names)
        for e in mine:
            self.assertEqual(json.loads(e["CloudTrailEvent"])["recipientAccountId"], self.other_id)
        theirs = lookup_all(self.client("cloudtrail"),
                            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}])
        self.assertNotIn("trail-marker",
                         [json.loads(e["CloudTrailEvent"])["requestParameters"]["userName"] for e in theirs])

    def test_cross_account_role_needs_trust_and_the_callers_own_policy(self):
        home, other = self.client("iam"), self.client("iam", self.other)
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % self.other_id},
            "Action": "sts:AssumeRole"}]}
        role_arn = home.create_role(RoleName="CrossAuditor", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        home.attach_role_policy(RoleName="CrossAuditor", PolicyArn="arn:aws:iam::aws:policy/SecurityAudit")
        home.create_user(UserName="audited")

        other.create_user(UserName="auditor")
        keys = other.create_access_key(UserName="auditor")["AccessKey"]
        auditor_sts = self.client("sts", keys)
        # The trust policy trusts the account, but the auditor's own policies do not allow it yet.
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            auditor_sts.assume_role(RoleArn=role_arn, RoleSessionName="nope")
        self.assertEqual(error_code(ctx), "AccessDenied")
        other.put_user_policy(UserName="auditor", PolicyName="assume", PolicyDocument=json.dumps(
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}]}))
        answer = auditor_sts.assume_role(RoleArn=role_arn, RoleSessionName="audit")
        session = answer["Credentials"]
        self.assertEqual(answer["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::%s:assumed-role/CrossAuditor/audit" % self.home)
        # The session acts in the role's account, with the role's policies: it reads, it cannot write.
        self.assertEqual(self.client("sts", session).get_caller_identity()["Account"], self.home)
        users = [u["UserName"] for u in self.client("iam", session).list_users()["Users"]]
        self.assertIn("audited", users)
        self.assertNotIn("auditor", users)
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.client("iam", session).create_user(UserName="intruder")
        self.assertEqual(error_code(ctx), "AccessDenied")

        # The call is in both accounts' trails: the same sharedEventID, each with its own eventID.
        def assume_records(creds):
            events = lookup_all(self.client("cloudtrail", creds),
                                LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRole"}])
            records = [json.loads(e["CloudTrailEvent"]) for e in events]
            return [r for r in records if (r.get("requestParameters") or {}).get("roleSessionName") == "audit"]
        home_records, other_records = assume_records(None), assume_records(self.other)
        self.assertEqual(len(home_records), 1)
        self.assertEqual(len(other_records), 1)
        h, o = home_records[0], other_records[0]
        self.assertEqual(h["recipientAccountId"], self.home)
        self.assertEqual(o["recipientAccountId"], self.other_id)
        self.assertEqual(h["sharedEventID"], o["sharedEventID"])
        self.assertNotEqual(h["eventID"], o["eventID"])
        self.assertEqual(h["userIdentity"]["accountId"], self.other_id)
        self.assertEqual(h["resources"][0]["accountId"], self.home)

    def test_root_of_one_account_cannot_assume_or_reach_into_another(self):
        home = self.client("iam")
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % self.other_id},
            "Action": "sts:AssumeRole"}]}
        role_arn = home.create_role(RoleName="RootTarget", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.client("sts", self.other).assume_role(RoleArn=role_arn, RoleSessionName="root")
        self.assertEqual(error_code(ctx), "AccessDenied")
        with self.assertRaises(botocore.exceptions.ClientError) as ctx:
            self.client("iam", self.other).get_role(RoleName="RootTarget")
        self.assertEqual(error_code(ctx), "NoSuchEntity")


if __name__ == "__main__":
    unittest.main()
