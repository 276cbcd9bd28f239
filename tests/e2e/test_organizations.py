"""AWS Organizations through the real clients (boto3 and the aws CLI), and its guardrails enforced.

The stories are those people run on AWS: an organization is created, accounts are created in it and
administered through OrganizationAccountAccessRole; an SCP stops even a member account's
administrator and detaching it restores the call; an allow-list SCP lets through only what it lists;
the management account is never restricted; an RCP and a trust policy decide by aws:PrincipalOrgID;
bad input gets the documented errors and changes nothing; a member account cannot manage the
organization.
"""
import json
import os
import subprocess
import unittest
import uuid

import botocore.exceptions

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def error_of(call):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message", ""), e.response.get("Reason")
    raise AssertionError("the call succeeded")


class NoOrganizationTest(unittest.TestCase):
    def test_an_account_without_an_organization_is_told_so(self):
        with BulwarkServer(BIN) as s:
            code, _, _ = error_of(lambda: s.client("organizations").describe_organization())
            self.assertEqual(code, "AWSOrganizationsNotInUseException")
            code, _, _ = error_of(lambda: s.client("organizations").list_accounts())
            self.assertEqual(code, "AWSOrganizationsNotInUseException")


class OrganizationsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()
        s = cls.server
        iam = s.client("iam")
        # An administrator in the management account: the root user may not assume roles.
        iam.create_user(UserName="admin")
        iam.attach_user_policy(UserName="admin", PolicyArn=ADMIN)
        key = iam.create_access_key(UserName="admin")["AccessKey"]
        cls.admin = {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}
        cls.org = s.client("organizations")
        cls.organization = cls.org.create_organization(FeatureSet="ALL")["Organization"]
        cls.root_id = cls.org.list_roots()["Roots"][0]["Id"]
        # One member account for the stories that change no guardrail: a new organization may hold
        # ten accounts (AWS's default quota), the management account included.
        cls.shared_account = None

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    # ---- helpers ----

    def new_account(self, name):
        status = self.org.create_account(Email=f"{name}-{uuid.uuid4().hex[:6]}@example.com",
                                         AccountName=name)["CreateAccountStatus"]
        self.assertEqual(status["State"], "IN_PROGRESS")
        done = self.org.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]
        self.assertEqual(done["State"], "SUCCEEDED", done)
        return done["AccountId"]

    def shared_member_account(self):
        if OrganizationsTest.shared_account is None:
            OrganizationsTest.shared_account = self.new_account("shared")
        return OrganizationsTest.shared_account

    def member_session(self, account_id, role="OrganizationAccountAccessRole"):
        sts = self.server.client("sts", self.admin)
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{role}",
                                RoleSessionName="ops")["Credentials"]
        return creds

    def scp(self, name, statements, policy_type="SERVICE_CONTROL_POLICY"):
        return self.org.create_policy(Name=name, Description=name, Type=policy_type,
                                      Content=doc(statements))["Policy"]["PolicySummary"]["Id"]

    def aws(self, *args, creds=None):
        creds = creds or {"AccessKeyId": self.server.access_key_id, "SecretAccessKey": self.server.secret_access_key}
        env = dict(os.environ, AWS_ACCESS_KEY_ID=creds["AccessKeyId"], AWS_SECRET_ACCESS_KEY=creds["SecretAccessKey"],
                   AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_SESSION_TOKEN", None)
        if creds.get("SessionToken"):
            env["AWS_SESSION_TOKEN"] = creds["SessionToken"]
        return subprocess.run(["aws", "--endpoint-url", self.server.endpoint, *args, "--output", "json"],
                              env=env, capture_output=True, text=True)

    # ---- lifecycle ----

    def test_the_cli_sees_the_organization(self):
        out = self.aws("organizations", "describe-organization")
        self.assertEqual(out.returncode, 0, out.stderr)
        organization = json.loads(out.stdout)["Organization"]
        self.assertEqual(organization["Id"], self.organization["Id"])
        self.assertEqual(organization["MasterAccountId"], self.server.account_id)
        self.assertEqual(organization["FeatureSet"], "ALL")
        out = self.aws("organizations", "list-policies-for-target", "--target-id", self.root_id,
                       "--filter", "SERVICE_CONTROL_POLICY")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("p-FullAWSAccess", [p["Id"] for p in json.loads(out.stdout)["Policies"]])

    def test_units_accounts_and_the_tree(self):
        account = self.new_account("tree")
        eng = self.org.create_organizational_unit(ParentId=self.root_id, Name="eng-tree",
                                                  Tags=[{"Key": "team", "Value": "eng"}])["OrganizationalUnit"]
        prod = self.org.create_organizational_unit(ParentId=eng["Id"], Name="prod")["OrganizationalUnit"]
        self.org.move_account(AccountId=account, SourceParentId=self.root_id, DestinationParentId=prod["Id"])
        self.assertEqual(self.org.list_parents(ChildId=account)["Parents"], [{"Id": prod["Id"], "Type": "ORGANIZATIONAL_UNIT"}])
        self.assertEqual(self.org.list_parents(ChildId=eng["Id"])["Parents"], [{"Id": self.root_id, "Type": "ROOT"}])
        children = self.org.list_children(ParentId=eng["Id"], ChildType="ORGANIZATIONAL_UNIT")["Children"]
        self.assertEqual(children, [{"Id": prod["Id"], "Type": "ORGANIZATIONAL_UNIT"}])
        self.assertEqual([a["Id"] for a in self.org.list_accounts_for_parent(ParentId=prod["Id"])["Accounts"]], [account])
        described = self.org.describe_account(AccountId=account)["Account"]
        self.assertEqual(described["JoinedMethod"], "CREATED")
        self.assertEqual(described["Arn"], f"arn:aws:organizations::{self.server.account_id}:account/"
                                           f"{self.organization['Id']}/{account}")
        renamed = self.org.update_organizational_unit(OrganizationalUnitId=prod["Id"], Name="production")
        self.assertEqual(renamed["OrganizationalUnit"]["Name"], "production")
        self.assertEqual(self.org.list_tags_for_resource(ResourceId=eng["Id"])["Tags"], [{"Key": "team", "Value": "eng"}])
        # Only empty units are deleted.
        code, _, _ = error_of(lambda: self.org.delete_organizational_unit(OrganizationalUnitId=prod["Id"]))
        self.assertEqual(code, "OrganizationalUnitNotEmptyException")
        code, _, _ = error_of(lambda: self.org.delete_organizational_unit(OrganizationalUnitId=eng["Id"]))
        self.assertEqual(code, "OrganizationalUnitNotEmptyException")
        self.org.move_account(AccountId=account, SourceParentId=prod["Id"], DestinationParentId=self.root_id)
        self.org.delete_organizational_unit(OrganizationalUnitId=prod["Id"])
        self.org.delete_organizational_unit(OrganizationalUnitId=eng["Id"])
        # A freshly created account waits before it may leave; the organization keeps its members.
        code, _, reason = error_of(lambda: self.org.remove_account_from_organization(AccountId=account))
        self.assertEqual((code, reason), ("ConstraintViolationException", "WAIT_PERIOD_ACTIVE"))
        code, _, _ = error_of(lambda: self.org.delete_organization())
        self.assertEqual(code, "OrganizationNotEmptyException")

    def test_create_account_then_act_in_it_through_the_access_role(self):
        account = self.shared_member_account()
        creds = self.member_session(account)
        identity = self.server.client("sts", creds).get_caller_identity()
        self.assertEqual(identity["Account"], account)
        member_iam = self.server.client("iam", creds)
        member_iam.create_user(UserName="member-only")
        self.assertIn("member-only", [u["UserName"] for u in member_iam.list_users()["Users"]])
        # Its users are invisible from the management account.
        self.assertNotIn("member-only", [u["UserName"] for u in self.server.client("iam").list_users()["Users"]])
        role = member_iam.get_role(RoleName="OrganizationAccountAccessRole")["Role"]
        self.assertEqual(role["Arn"], f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole")
        attached = member_iam.list_attached_role_policies(RoleName="OrganizationAccountAccessRole")
        self.assertEqual([p["PolicyArn"] for p in attached["AttachedPolicies"]], [ADMIN])
        # The member account's trail has the call, made by the management account's administrator
        # through the role.
        events = self.server.client("cloudtrail", creds).lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}])["Events"]
        record = json.loads(events[0]["CloudTrailEvent"])
        self.assertEqual(record["recipientAccountId"], account)
        self.assertEqual(record["userIdentity"]["type"], "AssumedRole")
        self.assertEqual(record["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"],
                         f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole")
        # The aws CLI acts in the member account with the same session.
        out = self.aws("iam", "list-users", creds=creds)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("member-only", [u["UserName"] for u in json.loads(out.stdout)["Users"]])

    def test_a_cross_account_auditor_reads_a_member_account_and_cannot_write(self):
        # The security account pattern: the member account trusts an auditor role to the management
        # account; the role carries SecurityAudit, so it reads IAM and CloudTrail and changes nothing.
        account = self.shared_member_account()
        member_iam = self.server.client("iam", self.member_session(account))
        member_iam.create_user(UserName="audited-user")
        trust = doc([{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{self.server.account_id}:root"},
                      "Action": "sts:AssumeRole"}])
        member_iam.create_role(RoleName="SecurityAuditor", AssumeRolePolicyDocument=trust)
        member_iam.attach_role_policy(RoleName="SecurityAuditor", PolicyArn="arn:aws:iam::aws:policy/SecurityAudit")
        auditor = self.member_session(account, role="SecurityAuditor")
        audit_iam = self.server.client("iam", auditor)
        self.assertIn("audited-user", [u["UserName"] for u in audit_iam.list_users()["Users"]])
        audit_iam.get_account_authorization_details(Filter=["User"])
        events = self.server.client("cloudtrail", auditor).lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateUser"}])["Events"]
        records = [json.loads(e["CloudTrailEvent"]) for e in events]
        self.assertIn("audited-user", [r["requestParameters"]["userName"] for r in records])
        self.assertTrue(all(r["recipientAccountId"] == account for r in records))
        for write in (lambda: audit_iam.create_user(UserName="auditor-made"),
                      lambda: audit_iam.delete_user(UserName="audited-user"),
                      lambda: audit_iam.attach_role_policy(RoleName="SecurityAuditor", PolicyArn=ADMIN)):
            code, _, _ = error_of(write)
            self.assertEqual(code, "AccessDenied")
        self.assertIn("audited-user", [u["UserName"] for u in member_iam.list_users()["Users"]])
        # The member account's trail shows who assumed the auditor role, from which account.
        assumed = [json.loads(e["CloudTrailEvent"]) for e in self.server.client("cloudtrail", auditor).lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "AssumeRole"}])["Events"]]
        mine = [r for r in assumed if r["resources"][0]["ARN"].endswith(":role/SecurityAuditor")]
        self.assertTrue(mine)
        self.assertEqual(mine[0]["recipientAccountId"], account)
        self.assertEqual(mine[0]["userIdentity"]["accountId"], self.server.account_id)
        self.assertEqual(mine[0]["userIdentity"]["userName"], "admin")

    # ---- guardrails ----

    def test_an_scp_deny_stops_the_member_administrator_until_detached(self):
        account = self.new_account("denied")
        creds = self.member_session(account)
        member_iam = self.server.client("iam", creds)
        policy = self.scp("deny-create-user", [{"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}])
        self.org.attach_policy(PolicyId=policy, TargetId=account)
        code, message, _ = error_of(lambda: member_iam.create_user(UserName="blocked"))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("with an explicit deny in a service control policy", message)
        member_iam.list_users()  # Other calls still work.
        self.org.detach_policy(PolicyId=policy, TargetId=account)
        member_iam.create_user(UserName="blocked")
        self.org.delete_policy(PolicyId=policy)

    def test_an_allow_list_scp_lets_through_only_what_it_lists(self):
        account = self.new_account("allowlist")
        ou = self.org.create_organizational_unit(ParentId=self.root_id, Name="allow-list")["OrganizationalUnit"]["Id"]
        self.org.move_account(AccountId=account, SourceParentId=self.root_id, DestinationParentId=ou)
        policy = self.scp("read-only-iam", [{"Effect": "Allow", "Action": ["iam:List*", "iam:Get*", "sts:*"],
                                              "Resource": "*"}])
        self.org.attach_policy(PolicyId=policy, TargetId=ou)
        self.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)
        creds = self.member_session(account)
        member_iam = self.server.client("iam", creds)
        member_iam.list_users()
        code, message, _ = error_of(lambda: member_iam.create_user(UserName="nope"))
        self.assertEqual(code, "AccessDenied")
        self.assertIn("because no service control policy allows the iam:CreateUser action", message)
        self.org.attach_policy(PolicyId="p-FullAWSAccess", TargetId=ou)
        member_iam.create_user(UserName="now-allowed")

    def test_the_management_account_is_never_restricted(self):
        policy = self.scp("deny-everything", [{"Effect": "Deny", "Action": "*", "Resource": "*"}])
        self.org.attach_policy(PolicyId=policy, TargetId=self.root_id)
        try:
            admin_iam = self.server.client("iam", self.admin)
            admin_iam.list_users()
            self.server.client("iam").get_user(UserName="admin")
            self.assertEqual(len(self.org.list_targets_for_policy(PolicyId=policy)["Targets"]), 1)
        finally:
            self.org.detach_policy(PolicyId=policy, TargetId=self.root_id)
            self.org.delete_policy(PolicyId=policy)

    def standalone_account(self):
        """A standalone account outside the organization (`bulwark account create`), with an administrator."""
        out = subprocess.run([BIN, "account", "create", "--data-dir", self.server.data_dir],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        root = json.loads(out.stdout)
        iam = self.server.client("iam", root)
        iam.create_user(UserName="partner-admin")
        iam.attach_user_policy(UserName="partner-admin", PolicyArn=ADMIN)
        key = iam.create_access_key(UserName="partner-admin")["AccessKey"]
        return root["AccountId"], {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}

    def test_an_rcp_refuses_assume_role_from_outside_the_organization(self):
        account = self.new_account("rcp")
        outsider, partner = self.standalone_account()
        member_iam = self.server.client("iam", self.member_session(account))
        trust = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{outsider}:root"}, "Action": "sts:AssumeRole"}
        member_iam.create_role(RoleName="partner", AssumeRolePolicyDocument=doc([trust]))
        partner_sts = self.server.client("sts", partner)
        assume = lambda: partner_sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/partner", RoleSessionName="partner")
        assume()  # The trust policy and the partner's own policies allow it.
        self.org.enable_policy_type(RootId=self.root_id, PolicyType="RESOURCE_CONTROL_POLICY")
        try:
            org_only = [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
                         "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": self.organization["Id"]}}}]
            policy = self.scp("org-only", org_only, "RESOURCE_CONTROL_POLICY")
            self.org.attach_policy(PolicyId=policy, TargetId=account)
            code, message, _ = error_of(assume)
            self.assertEqual(code, "AccessDenied")
            self.assertIn("with an explicit deny in a resource control policy", message)
            self.member_session(account)  # Principals of the organization still pass.
            self.org.detach_policy(PolicyId=policy, TargetId=account)
            assume()
        finally:
            self.org.disable_policy_type(RootId=self.root_id, PolicyType="RESOURCE_CONTROL_POLICY")

    def test_a_role_trusting_everyone_in_the_organization(self):
        account = self.new_account("trusting")
        member_iam = self.server.client("iam", self.member_session(account))
        trust = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                 "Condition": {"StringEquals": {"aws:PrincipalOrgID": self.organization["Id"]}}}
        member_iam.create_role(RoleName="org-reader", AssumeRolePolicyDocument=doc([trust]))
        creds = self.member_session(account, "org-reader")
        self.assertIn(":assumed-role/org-reader/", self.server.client("sts", creds).get_caller_identity()["Arn"])
        trust["Condition"]["StringEquals"]["aws:PrincipalOrgID"] = "o-otherorg00"
        member_iam.update_assume_role_policy(RoleName="org-reader", PolicyDocument=doc([trust]))
        code, _, _ = error_of(lambda: self.member_session(account, "org-reader"))
        self.assertEqual(code, "AccessDenied")

    # ---- bad input ----

    def test_bad_input_gets_the_documented_errors_and_changes_nothing(self):
        policies_before = self.org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
        accounts_before = self.org.list_accounts()["Accounts"]
        cases = [
            (lambda: self.org.describe_account(AccountId="999999999999"), "AccountNotFoundException", None),
            (lambda: self.org.describe_account(AccountId="12345"), "InvalidInputException", "INVALID_PATTERN"),
            (lambda: self.org.describe_organizational_unit(OrganizationalUnitId="ou-zzzz-zzzzzzzz"),
             "OrganizationalUnitNotFoundException", None),
            (lambda: self.org.describe_policy(PolicyId="p-zzzzzzzz"), "PolicyNotFoundException", None),
            (lambda: self.org.list_parents(ChildId="999999999999"), "ChildNotFoundException", None),
            (lambda: self.org.create_account(Email="not-an-email", AccountName="x"), "InvalidInputException",
             "INVALID_PATTERN"),
            (lambda: self.org.create_policy(Name="bad", Description="d", Type="SERVICE_CONTROL_POLICY",
                                            Content="{not json"), "MalformedPolicyDocumentException", None),
            (lambda: self.org.create_policy(Name="principal", Description="d", Type="SERVICE_CONTROL_POLICY",
                                            Content=doc([{"Effect": "Deny", "Principal": "*", "Action": "*",
                                                          "Resource": "*"}])),
             "MalformedPolicyDocumentException", None),
            (lambda: self.org.create_policy(Name="huge", Description="d", Type="SERVICE_CONTROL_POLICY",
                                            Content=doc([{"Effect": "Deny", "Action": "s3:GetObject",
                                                          "Resource": "arn:aws:s3:::" + "b" * 5200}])),
             "ConstraintViolationException", "POLICY_CONTENT_LIMIT_EXCEEDED"),
            (lambda: self.org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=self.root_id),
             "ConstraintViolationException", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"),
            (lambda: self.org.attach_policy(PolicyId="p-FullAWSAccess", TargetId=self.root_id),
             "DuplicatePolicyAttachmentException", None),
            (lambda: self.org.create_organizational_unit(ParentId="ou-zzzz-zzzzzzzz", Name="orphan"),
             "ParentNotFoundException", None),
            (lambda: self.org.delete_policy(PolicyId="p-FullAWSAccess"), "InvalidInputException", "IMMUTABLE_POLICY"),
        ]
        for call, expected_code, expected_reason in cases:
            code, message, reason = error_of(call)
            self.assertEqual(code, expected_code, message)
            if expected_reason:
                self.assertEqual(reason, expected_reason, message)
        # An email already in the organization: the request is accepted and fails, as AWS reports it.
        status = self.org.create_account(Email=self.organization["MasterAccountEmail"], AccountName="dup")
        failed = self.org.describe_create_account_status(
            CreateAccountRequestId=status["CreateAccountStatus"]["Id"])["CreateAccountStatus"]
        self.assertEqual((failed["State"], failed["FailureReason"]), ("FAILED", "EMAIL_ALREADY_EXISTS"))
        self.assertNotIn("AccountId", failed)
        self.assertEqual(self.org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"], policies_before)
        self.assertEqual(self.org.list_accounts()["Accounts"], accounts_before)

    def test_a_member_account_cannot_manage_the_organization(self):
        account = self.new_account("member")
        member_org = self.server.client("organizations", self.member_session(account))
        self.assertEqual(member_org.describe_organization()["Organization"]["Id"], self.organization["Id"])
        for call in (lambda: member_org.list_accounts(),
                     lambda: member_org.create_organizational_unit(ParentId=self.root_id, Name="x"),
                     lambda: member_org.delete_organization()):
            code, _, _ = error_of(call)
            self.assertEqual(code, "AccessDeniedException")

    def test_the_effective_tag_policy_inherits_down_the_tree(self):
        account = self.new_account("tagged")
        self.org.enable_policy_type(RootId=self.root_id, PolicyType="TAG_POLICY")
        try:
            base = {"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"},
                                            "tag_value": {"@@assign": ["100", "200"]}}}}
            child = {"tags": {"costcenter": {"tag_value": {"@@append": ["300"]}}}}
            root_policy = self.org.create_policy(Name="cc", Description="d", Type="TAG_POLICY",
                                                 Content=json.dumps(base))["Policy"]["PolicySummary"]["Id"]
            account_policy = self.org.create_policy(Name="cc-more", Description="d", Type="TAG_POLICY",
                                                    Content=json.dumps(child))["Policy"]["PolicySummary"]["Id"]
            self.org.attach_policy(PolicyId=root_policy, TargetId=self.root_id)
            self.org.attach_policy(PolicyId=account_policy, TargetId=account)
            effective = self.org.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=account)["EffectivePolicy"]
            self.assertEqual(json.loads(effective["PolicyContent"]),
                             {"tags": {"costcenter": {"tag_key": "CostCenter", "tag_value": ["100", "200", "300"]}}})
            # A parent that allows no operator below it keeps its values.
            base["tags"]["costcenter"]["tag_value"]["@@operators_allowed_for_child_policies"] = ["@@none"]
            self.org.update_policy(PolicyId=root_policy, Content=json.dumps(base))
            effective = self.org.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=account)["EffectivePolicy"]
            self.assertEqual(json.loads(effective["PolicyContent"])["tags"]["costcenter"]["tag_value"], ["100", "200"])
            self.org.detach_policy(PolicyId=root_policy, TargetId=self.root_id)
            self.org.detach_policy(PolicyId=account_policy, TargetId=account)
        finally:
            self.org.disable_policy_type(RootId=self.root_id, PolicyType="TAG_POLICY")

    def test_trusted_access_and_a_delegated_administrator(self):
        account = self.new_account("security")
        code, _, reason = error_of(lambda: self.org.register_delegated_administrator(
            AccountId=account, ServicePrincipal="guardduty.amazonaws.com"))
        self.assertEqual((code, reason), ("ConstraintViolationException", "SERVICE_ACCESS_NOT_ENABLED"))
        self.org.enable_aws_service_access(ServicePrincipal="guardduty.amazonaws.com")
        self.org.register_delegated_administrator(AccountId=account, ServicePrincipal="guardduty.amazonaws.com")
        admins = self.org.list_delegated_administrators(ServicePrincipal="guardduty.amazonaws.com")
        self.assertEqual([a["Id"] for a in admins["DelegatedAdministrators"]], [account])
        services = self.org.list_delegated_services_for_account(AccountId=account)["DelegatedServices"]
        self.assertEqual([s["ServicePrincipal"] for s in services], ["guardduty.amazonaws.com"])
        code, _, reason = error_of(lambda: self.org.register_delegated_administrator(
            AccountId=self.server.account_id, ServicePrincipal="guardduty.amazonaws.com"))
        self.assertEqual(reason, "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR")
        self.org.deregister_delegated_administrator(AccountId=account, ServicePrincipal="guardduty.amazonaws.com")
        self.assertEqual(self.org.list_delegated_administrators()["DelegatedAdministrators"], [])


if __name__ == "__main__":
    unittest.main()
