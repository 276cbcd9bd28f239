"""`bulwark serve --tls` through the real aws CLI and boto3: the self-signed certificate made on first
start verifies with --ca-bundle / verify=, calls over TLS carry tlsDetails in their CloudTrail record
(what aws:SecureTransport is derived from), plain HTTP to the TLS port is refused with a readable
400, and an unpinned client refuses the certificate."""
import json
import os
import stat
import subprocess
import unittest
import urllib.error
import urllib.request

import boto3
import botocore.exceptions
from botocore.config import Config

from bulwark_server import BulwarkServer

BINARY = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")


class TlsEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BINARY, ["--tls"]).__enter__()
        cls.ca_bundle = os.path.join(cls.server.data_dir, "tls-certificate.pem")

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, service, verify=None):
        return boto3.client(
            service, endpoint_url=self.server.endpoint, region_name="us-east-1",
            aws_access_key_id=self.server.access_key_id,
            aws_secret_access_key=self.server.secret_access_key,
            verify=self.ca_bundle if verify is None else verify,
            config=Config(retries={"max_attempts": 1}))

    def cli(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_PROFILE", None)
        out = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "--ca-bundle", self.ca_bundle] +
                             list(args), env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        return json.loads(out.stdout)

    def record_of(self, request_id):
        events = self.client("cloudtrail").lookup_events(MaxResults=50)["Events"]
        for event in events:
            record = json.loads(event["CloudTrailEvent"])
            if record["requestID"] == request_id:
                return record
        self.fail(f"no record for request {request_id}")

    def test_endpoint_is_https(self):
        self.assertTrue(self.server.endpoint.startswith("https://127.0.0.1:"), self.server.endpoint)

    def test_private_key_is_owner_only(self):
        mode = os.stat(os.path.join(self.server.data_dir, "tls-private-key.pem")).st_mode
        self.assertEqual(stat.S_IMODE(mode), 0o600)

    def test_aws_cli_get_caller_identity_with_ca_bundle(self):
        identity = self.cli("sts", "get-caller-identity")
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{self.server.account_id}:root")

    def test_record_of_a_tls_call_has_tls_details(self):
        answer = self.client("sts").get_caller_identity()
        record = self.record_of(answer["ResponseMetadata"]["RequestId"])
        details = record["tlsDetails"]
        self.assertIn(details["tlsVersion"], ("TLSv1.2", "TLSv1.3"))
        self.assertTrue(details["cipherSuite"])
        self.assertEqual(details["clientProvidedHostHeader"], self.server.endpoint[len("https://"):])

    def test_aws_cli_lookup_events_over_tls(self):
        self.client("sts").get_caller_identity()
        events = self.cli("cloudtrail", "lookup-events", "--lookup-attributes",
                          "AttributeKey=EventName,AttributeValue=GetCallerIdentity", "--max-results", "1")
        record = json.loads(events["Events"][0]["CloudTrailEvent"])
        self.assertIn("tlsDetails", record)

    def test_plain_http_to_the_tls_port_is_refused_with_400(self):
        plain = "http://" + self.server.endpoint[len("https://"):] + "/"
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(plain, timeout=10)
        self.assertEqual(caught.exception.code, 400)
        self.assertIn(b"HTTPS only", caught.exception.read())
        # The server is unharmed.
        self.assertTrue(self.client("sts").get_caller_identity()["Account"])

    def test_client_without_the_certificate_refuses_it(self):
        with self.assertRaises(botocore.exceptions.SSLError):
            self.client("sts", verify=True).get_caller_identity()


if __name__ == "__main__":
    unittest.main()
