"""CloudTrail LookupEvents through the real aws CLI and boto3: every call, allowed or failed, is in
the trail with the documented record fields."""
import json
import os
import subprocess
import unittest

import boto3
import botocore.exceptions
from botocore.config import Config

from bulwark_server import BulwarkServer

BINARY = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")


class LookupEventsEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BINARY).__enter__()
        sts = cls.client("sts")
        sts.get_caller_identity()
        for key, secret in (("AKIAUNKNOWNKEY000000", "x" * 40), (cls.server.access_key_id, "y" * 40)):
            try:
                cls.client("sts", key, secret).get_caller_identity()
            except botocore.exceptions.ClientError:
                pass

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    @classmethod
    def client(cls, service, key=None, secret=None):
        return boto3.client(service, endpoint_url=cls.server.endpoint, region_name="us-east-1",
                            aws_access_key_id=key or cls.server.access_key_id,
                            aws_secret_access_key=secret or cls.server.secret_access_key,
                            config=Config(retries={"max_attempts": 1}))

    def cli(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        out = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, *args], env=env,
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)

    def records(self, **filters):
        args = ["cloudtrail", "lookup-events"]
        if filters:
            (key, value), = filters.items()
            args += ["--lookup-attributes", f"AttributeKey={key},AttributeValue={value}"]
        return [json.loads(e["CloudTrailEvent"]) for e in self.cli(*args)["Events"]]

    def test_successful_call_is_recorded_with_the_documented_fields(self):
        ok = [r for r in self.records(EventName="GetCallerIdentity") if "errorCode" not in r]
        self.assertTrue(ok)
        r = ok[-1]
        for field in ("eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
                      "sourceIPAddress", "userAgent", "requestID", "eventID", "readOnly", "eventType",
                      "managementEvent", "recipientAccountId"):
            self.assertIn(field, r)
        self.assertEqual(r["userIdentity"]["type"], "Root")
        self.assertEqual(r["userIdentity"]["arn"], f"arn:aws:iam::{self.server.account_id}:root")
        self.assertEqual(r["userIdentity"]["accessKeyId"], self.server.access_key_id)
        self.assertEqual(r["eventSource"], "sts.amazonaws.com")
        self.assertEqual(r["sourceIPAddress"], "127.0.0.1")
        self.assertIn("Botocore", r["userAgent"])
        self.assertTrue(r["readOnly"])
        self.assertEqual(r["recipientAccountId"], self.server.account_id)

    def test_failed_authentications_are_recorded_with_the_key_tried(self):
        unknown = self.records(AccessKeyId="AKIAUNKNOWNKEY000000")
        self.assertEqual([r["errorCode"] for r in unknown], ["InvalidClientTokenId"])
        mine = self.records(AccessKeyId=self.server.access_key_id)
        self.assertIn("SignatureDoesNotMatch", [r.get("errorCode") for r in mine])

    def test_username_filter_finds_root_calls(self):
        events = self.cli("cloudtrail", "lookup-events", "--lookup-attributes",
                          "AttributeKey=Username,AttributeValue=root")["Events"]
        self.assertTrue(events)
        self.assertTrue(all(e["Username"] == "root" for e in events))

    def test_newest_first_and_pages_with_next_token(self):
        trail = self.client("cloudtrail")
        pages = list(trail.get_paginator("lookup_events").paginate(PaginationConfig={"PageSize": 2}))
        self.assertGreater(len(pages), 1)
        times = [e["EventTime"] for p in pages for e in p["Events"]]
        self.assertEqual(times, sorted(times, reverse=True))
        ids = [e["EventId"] for p in pages for e in p["Events"]]
        self.assertEqual(len(ids), len(set(ids)))

    def test_bad_parameters_get_cloudtrails_errors(self):
        trail = self.client("cloudtrail")
        cases = [
            (dict(MaxResults=99), "InvalidMaxResultsException"),
            (dict(NextToken="garbage"), "InvalidNextTokenException"),
            (dict(StartTime=2000000000, EndTime=1000000000), "InvalidTimeRangeException"),
            (dict(LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "a"},
                                    {"AttributeKey": "EventName", "AttributeValue": "b"}]),
             "InvalidLookupAttributesException"),
        ]
        for params, code in cases:
            with self.subTest(code=code):
                with self.assertRaises(botocore.exceptions.ClientError) as caught:
                    trail.lookup_events(**params)
                self.assertEqual(caught.exception.response["Error"]["Code"], code)

    def test_lookup_itself_is_recorded(self):
        self.cli("cloudtrail", "lookup-events", "--max-results", "1")
        names = [r["eventName"] for r in self.records(EventSource="cloudtrail.amazonaws.com")]
        self.assertIn("LookupEvents", names)


if __name__ == "__main__":
    unittest.main(verbosity=2)
