"""IAM Access Analyzer's ValidatePolicy (REST-JSON) through boto3 and the aws CLI.

A clean policy has no findings; a policy with a known problem answers the issue code, finding type
and location Access Analyzer would; findings page with maxResults/nextToken; bad input is a
ValidationException (400); a caller without access-analyzer:ValidatePolicy is refused
(AccessDeniedException, 403); every call is in the trail.
"""
import json
import os
import subprocess
import tempfile
import unittest

import botocore.exceptions

from bulwark_server import BulwarkServer

BIN = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")

CLEAN = json.dumps({"Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                   "Resource": "arn:aws:s3:::example-bucket/*"}]})

# "s3:GetObjekt" is no S3 action: Access Analyzer's ERROR INVALID_ACTION, at the action's value.
MISSPELLED = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObjekt",
      "Resource": "arn:aws:s3:::example-bucket/*"
    }
  ]
}"""

THREE_PROBLEMS = json.dumps({"Version": "2012-10-17",
                             "Statement": [{"Effect": "Allow",
                                            "Action": ["s3:GetObjekt", "s3:PutObjekt", "s3:ListBukket"],
                                            "Resource": "*"}]})


class AccessAnalyzerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BIN).__enter__()
        cls.analyzer = cls.server.client("accessanalyzer")

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def error(self, call):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call()
        response = caught.exception.response
        return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"], response

    def test_clean_policy_has_no_findings(self):
        answer = self.analyzer.validate_policy(policyDocument=CLEAN, policyType="IDENTITY_POLICY")
        self.assertEqual(answer["findings"], [])
        self.assertNotIn("nextToken", answer)

    def test_known_problem_has_its_code_type_and_location(self):
        answer = self.analyzer.validate_policy(policyDocument=MISSPELLED, policyType="IDENTITY_POLICY")
        invalid = [f for f in answer["findings"] if f["issueCode"] == "INVALID_ACTION"]
        self.assertEqual(len(invalid), 1, answer["findings"])
        finding = invalid[0]
        self.assertEqual(finding["findingType"], "ERROR")
        self.assertIn("s3:GetObjekt", finding["findingDetails"])
        self.assertTrue(finding["learnMoreLink"].startswith(
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#"))
        location = finding["locations"][0]
        self.assertEqual(location["path"][:3], [{"value": "Statement"}, {"index": 0}, {"value": "Action"}])
        start = MISSPELLED.index('"s3:GetObjekt"')
        end = start + len('"s3:GetObjekt"')
        # Lines from 1, columns and offsets from 0 (Access Analyzer's Position).
        self.assertEqual(location["span"]["start"], {"line": 6, "column": 16, "offset": start})
        self.assertEqual(location["span"]["end"], {"line": 6, "column": 30, "offset": end})

    def test_trust_policy_resource_type_selects_the_trust_grammar(self):
        trust = json.dumps({"Version": "2012-10-17",
                            "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                           "Action": "sts:AssumeRole"}]})
        answer = self.analyzer.validate_policy(policyDocument=trust, policyType="RESOURCE_POLICY",
                                               validatePolicyResourceType="AWS::IAM::AssumeRolePolicyDocument")
        self.assertEqual([f for f in answer["findings"] if f["findingType"] == "ERROR"], [])

    def test_resource_type_adds_its_checks(self):
        # "Error – Unsupported resource ARN in policy": a KMS key ARN in a bucket policy; and "General
        # Warning – Unique Sids recommended": resource policies may repeat a Sid.
        bucket_policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::example-bucket/*"},
            {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject",
             "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]})
        answer = self.analyzer.validate_policy(policyDocument=bucket_policy, policyType="RESOURCE_POLICY",
                                               validatePolicyResourceType="AWS::S3::Bucket")
        codes = {(f["issueCode"], f["findingType"]) for f in answer["findings"]}
        self.assertIn(("UNSUPPORTED_RESOURCE_ARN_IN_POLICY", "ERROR"), codes)
        self.assertIn(("UNIQUE_SIDS_RECOMMENDED", "WARNING"), codes)
        plain = self.analyzer.validate_policy(policyDocument=bucket_policy, policyType="RESOURCE_POLICY")
        self.assertNotIn("UNSUPPORTED_RESOURCE_ARN_IN_POLICY", [f["issueCode"] for f in plain["findings"]])

    def test_findings_page_with_max_results_and_next_token(self):
        everything = self.analyzer.validate_policy(policyDocument=THREE_PROBLEMS, policyType="IDENTITY_POLICY")
        self.assertGreaterEqual(len(everything["findings"]), 3)
        pages, token = [], None
        while True:
            kwargs = {"nextToken": token} if token else {}
            page = self.analyzer.validate_policy(policyDocument=THREE_PROBLEMS, policyType="IDENTITY_POLICY",
                                                 maxResults=1, **kwargs)
            self.assertLessEqual(len(page["findings"]), 1)
            pages.extend(page["findings"])
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(pages, everything["findings"])
        # The paginator botocore ships for ValidatePolicy walks the same pages.
        walked = [f for p in self.analyzer.get_paginator("validate_policy").paginate(
            policyDocument=THREE_PROBLEMS, policyType="IDENTITY_POLICY", PaginationConfig={"PageSize": 2})
            for f in p["findings"]]
        self.assertEqual(walked, everything["findings"])

    def test_tampered_or_foreign_next_token_is_validation_exception(self):
        page = self.analyzer.validate_policy(policyDocument=THREE_PROBLEMS, policyType="IDENTITY_POLICY", maxResults=1)
        token = page["nextToken"]
        for bad in ("9" + token, token + "0", token.replace(".", ":")):
            code, status, _ = self.error(lambda: self.analyzer.validate_policy(
                policyDocument=THREE_PROBLEMS, policyType="IDENTITY_POLICY", maxResults=1, nextToken=bad))
            self.assertEqual((code, status), ("ValidationException", 400))
        code, status, _ = self.error(lambda: self.analyzer.validate_policy(
            policyDocument=MISSPELLED, policyType="IDENTITY_POLICY", maxResults=1, nextToken=token))
        self.assertEqual((code, status), ("ValidationException", 400))

    def test_bad_input_is_validation_exception(self):
        # Client-side validation off, so the server's own answer is seen.
        from botocore.config import Config
        import boto3
        unchecked = boto3.client("accessanalyzer", endpoint_url=self.server.endpoint, region_name="us-east-1",
                                 aws_access_key_id=self.server.access_key_id,
                                 aws_secret_access_key=self.server.secret_access_key,
                                 config=Config(parameter_validation=False, retries={"max_attempts": 1}))
        code, status, response = self.error(lambda: unchecked.validate_policy(policyDocument=CLEAN))
        self.assertEqual((code, status), ("ValidationException", 400))
        self.assertIn("policyType", response["Error"]["Message"])
        code, status, response = self.error(lambda: unchecked.validate_policy(policyDocument=CLEAN,
                                                                              policyType="ANY_POLICY"))
        self.assertEqual((code, status), ("ValidationException", 400))
        self.assertIn("enum value set", response["Error"]["Message"])
        code, status, _ = self.error(lambda: unchecked.validate_policy(
            policyDocument=CLEAN, policyType="IDENTITY_POLICY", validatePolicyResourceType="AWS::S3::Bucket"))
        self.assertEqual((code, status), ("ValidationException", 400))

    def test_caller_without_permission_is_access_denied_then_allowed(self):
        iam = self.server.client("iam")
        iam.create_user(UserName="analyst")
        key = iam.create_access_key(UserName="analyst")["AccessKey"]
        analyst = self.server.client("accessanalyzer", key)
        code, status, _ = self.error(lambda: analyst.validate_policy(policyDocument=CLEAN, policyType="IDENTITY_POLICY"))
        self.assertEqual((code, status), ("AccessDeniedException", 403))
        iam.put_user_policy(UserName="analyst", PolicyName="validate", PolicyDocument=json.dumps(
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "access-analyzer:ValidatePolicy", "Resource": "*"}]}))
        self.assertEqual(analyst.validate_policy(policyDocument=CLEAN, policyType="IDENTITY_POLICY")["findings"], [])

    def test_aws_cli_validate_policy_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write(MISSPELLED)
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_PROFILE", None)
        try:
            out = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "accessanalyzer", "validate-policy",
                                  "--policy-document", "file://" + f.name, "--policy-type", "IDENTITY_POLICY"],
                                 env=env, capture_output=True, text=True, timeout=60)
        finally:
            os.unlink(f.name)
        self.assertEqual(out.returncode, 0, out.stderr)
        findings = json.loads(out.stdout)["findings"]
        self.assertIn("INVALID_ACTION", [f["issueCode"] for f in findings])

    def test_calls_are_in_the_trail(self):
        self.analyzer.validate_policy(policyDocument=CLEAN, policyType="IDENTITY_POLICY")
        events = self.server.client("cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "ValidatePolicy"}])["Events"]
        self.assertTrue(events)
        record = json.loads(events[0]["CloudTrailEvent"])
        self.assertEqual(record["eventSource"], "access-analyzer.amazonaws.com")
        self.assertEqual(record["requestParameters"]["policyType"], "IDENTITY_POLICY")
        self.assertTrue(record["readOnly"])


if __name__ == "__main__":
    unittest.main()
