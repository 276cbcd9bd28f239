"""STS through the real aws CLI and boto3: who am I, and AWS's errors for bad credentials."""
import datetime
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

import boto3
import botocore.exceptions
from botocore.config import Config

from bulwark_server import BulwarkServer

BINARY = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")


class StsEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BINARY).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, key=None, secret=None):
        return boto3.client(
            "sts", endpoint_url=self.server.endpoint, region_name="us-east-1",
            aws_access_key_id=key or self.server.access_key_id,
            aws_secret_access_key=secret or self.server.secret_access_key,
            config=Config(retries={"max_attempts": 1}))

    def error_code(self, call):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call()
        return caught.exception.response["Error"]["Code"]

    def test_aws_cli_get_caller_identity_as_root(self):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=self.server.access_key_id,
                   AWS_SECRET_ACCESS_KEY=self.server.secret_access_key, AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_PROFILE", None)
        out = subprocess.run(["aws", "--endpoint-url", self.server.endpoint, "sts", "get-caller-identity"],
                             env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        identity = json.loads(out.stdout)
        self.assertEqual(identity["Account"], self.server.account_id)
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{self.server.account_id}:root")
        self.assertEqual(identity["UserId"], self.server.account_id)

    def test_boto3_get_caller_identity(self):
        identity = self.client().get_caller_identity()
        self.assertEqual(identity["Account"], self.server.account_id)
        self.assertTrue(identity["ResponseMetadata"]["RequestId"])

    def test_wrong_secret_is_signature_does_not_match(self):
        code = self.error_code(lambda: self.client(secret="x" * 40).get_caller_identity())
        self.assertEqual(code, "SignatureDoesNotMatch")

    def test_unknown_key_is_invalid_client_token_id(self):
        code = self.error_code(lambda: self.client(key="AKIAUNKNOWNKEY000000").get_caller_identity())
        self.assertEqual(code, "InvalidClientTokenId")

    def test_tampered_signed_header_is_signature_does_not_match(self):
        client = self.client()

        def tamper(request, **_):
            # Change a signed header after signing: the date moves by a few seconds.
            date = request.headers["X-Amz-Date"]
            date = date.decode() if isinstance(date, bytes) else date
            request.headers["X-Amz-Date"] = date[:-3] + ("00Z" if date[-3:] != "00Z" else "01Z")
        client.meta.events.register_first("before-send.sts.GetCallerIdentity", tamper)
        self.assertEqual(self.error_code(client.get_caller_identity), "SignatureDoesNotMatch")

    def signed_post(self, when):
        """A GetCallerIdentity POST signed (SigV4, header form) as of `when`, for clock-skew tests."""
        body = "Action=GetCallerIdentity&Version=2011-06-15"
        host = self.server.endpoint.split("//", 1)[1]
        amz_date = when.strftime("%Y%m%dT%H%M%SZ")
        day = amz_date[:8]
        headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8", "host": host,
                   "x-amz-date": amz_date}
        signed = ";".join(sorted(headers))
        canonical = "\n".join(["POST", "/", ""] + [f"{k}:{headers[k]}" for k in sorted(headers)] +
                              ["", signed, hashlib.sha256(body.encode()).hexdigest()])
        scope = f"{day}/us-east-1/sts/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key = ("AWS4" + self.server.secret_access_key).encode()
        for part in (day, "us-east-1", "sts", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        request = urllib.request.Request(self.server.endpoint + "/", data=body.encode(), method="POST")
        for k, v in headers.items():
            if k != "host":
                request.add_header(k, v)
        request.add_header("Authorization", f"AWS4-HMAC-SHA256 Credential={self.server.access_key_id}/{scope}, "
                                            f"SignedHeaders={signed}, Signature={signature}")
        return request

    def test_correctly_signed_request_with_current_clock_is_accepted(self):
        now = datetime.datetime.now(datetime.timezone.utc)
        body = urllib.request.urlopen(self.signed_post(now), timeout=10).read()
        self.assertIn(self.server.account_id.encode(), body)

    def test_skewed_clock_is_refused(self):
        past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(self.signed_post(past), timeout=10)
        self.assertEqual(caught.exception.code, 403)
        body = caught.exception.read()
        self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", body)
        self.assertIn(b"Signature expired", body)

    def test_expired_presigned_url_is_refused(self):
        url = self.client().generate_presigned_url("get_caller_identity", ExpiresIn=1, HttpMethod="GET")
        time.sleep(2.2)
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, timeout=10)
        self.assertIn(b"<Code>RequestExpired</Code>", caught.exception.read())

    def test_valid_presigned_url_answers(self):
        url = self.client().generate_presigned_url("get_caller_identity", ExpiresIn=300, HttpMethod="GET")
        body = urllib.request.urlopen(url, timeout=10).read()
        self.assertIn(self.server.account_id.encode(), body)


if __name__ == "__main__":
    unittest.main(verbosity=2)
