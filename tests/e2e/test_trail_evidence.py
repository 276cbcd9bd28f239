"""Sealed trail evidence end to end: the aws CLI lists the trail's public keys, a clean stop seals the
trail, `bulwark trail export` writes CloudTrail's layout, `bulwark trail verify` accepts it (with the
exported keys, with the keys the aws CLI fetched, with a pinned fingerprint) and names a damaged file;
and the aws CLI's own digest validator (awscli.customizations.cloudtrail.validation) accepts every
digest we signed."""
import base64
import glob
import gzip
import hashlib
import json
import os
import subprocess
import tempfile
import time
import unittest

import boto3
from botocore.config import Config

from bulwark_server import BulwarkServer

BINARY = os.environ.get("BULWARK_BIN", "build/src/cli/bulwark")


class TrailEvidenceEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = BulwarkServer(BINARY).__enter__()
        cls.out = tempfile.TemporaryDirectory(prefix="bulwark-export-")
        sts = boto3.client("sts", endpoint_url=cls.server.endpoint, region_name="us-east-1",
                           aws_access_key_id=cls.server.access_key_id,
                           aws_secret_access_key=cls.server.secret_access_key,
                           config=Config(retries={"max_attempts": 1}))
        for _ in range(5):
            sts.get_caller_identity()
        cls.keys_text = cls.aws("cloudtrail", "list-public-keys")
        cls.bad_range = subprocess.run(
            ["aws", "--endpoint-url", cls.server.endpoint, "cloudtrail", "list-public-keys",
             "--start-time", "2030-01-02T00:00:00Z", "--end-time", "2030-01-01T00:00:00Z"],
            env=cls.env(), capture_output=True, text=True)
        # A clean stop seals the records of this run.
        cls.server.process.terminate()
        cls.server.process.wait(timeout=20)
        cls.server.log.flush()
        with open(cls.server.log.name) as log:
            cls.serve_log = log.read()
        cls.export = cls.bulwark("trail", "export", "--data-dir", cls.server.data_dir, "--to", cls.out.name)

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        cls.out.cleanup()

    @classmethod
    def env(cls):
        env = dict(os.environ)
        env.update(AWS_ACCESS_KEY_ID=cls.server.access_key_id, AWS_SECRET_ACCESS_KEY=cls.server.secret_access_key,
                   AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1")
        return env

    @classmethod
    def aws(cls, *args):
        done = subprocess.run(["aws", "--endpoint-url", cls.server.endpoint, "--output", "json", *args],
                              env=cls.env(), capture_output=True, text=True, check=True)
        return done.stdout

    @classmethod
    def bulwark(cls, *args):
        return subprocess.run([BINARY, *args], capture_output=True, text=True)

    def test_list_public_keys_returns_current_key_with_md5_fingerprint(self):
        keys = json.loads(self.keys_text)["PublicKeyList"]
        self.assertEqual(len(keys), 1)
        der = base64.b64decode(keys[0]["Value"])
        self.assertEqual(keys[0]["Fingerprint"], hashlib.md5(der).hexdigest())
        self.assertEqual(der[0], 0x30)  # PKCS#1 RSAPublicKey SEQUENCE

    def test_list_public_keys_rejects_inverted_range(self):
        self.assertNotEqual(self.bad_range.returncode, 0)
        self.assertIn("InvalidTimeRangeException", self.bad_range.stderr)

    def test_clean_stop_seals(self):
        self.assertIn("sealed", self.serve_log)
        self.assertEqual(self.export.returncode, 0, self.export.stderr)

    def test_export_follows_cloudtrail_layout(self):
        account = self.server.account_id
        logs = glob.glob(f"{self.out.name}/AWSLogs/{account}/CloudTrail/us-east-1/*/*/*/{account}_CloudTrail_us-east-1_*.json.gz")
        digests = glob.glob(f"{self.out.name}/AWSLogs/{account}/CloudTrail-Digest/us-east-1/*/*/*/"
                            f"{account}_CloudTrail-Digest_us-east-1_bulwark_us-east-1_*.json.gz")
        self.assertGreaterEqual(len(logs), 1)
        self.assertGreaterEqual(len(digests), 2)  # the start seal and the stop seal
        records = [r for path in logs for r in json.loads(gzip.open(path).read())["Records"]]
        self.assertGreaterEqual(sum(r["eventName"] == "GetCallerIdentity" for r in records), 5)

    def test_verify_accepts_export_with_exported_cli_fetched_and_pinned_keys(self):
        done = self.bulwark("trail", "verify", self.out.name)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".json") as keys:
            keys.write(self.keys_text)
            keys.flush()
            fingerprint = json.loads(self.keys_text)["PublicKeyList"][0]["Fingerprint"]
            done = self.bulwark("trail", "verify", self.out.name, "--public-keys", keys.name, "--pin", fingerprint)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        done = self.bulwark("trail", "verify", self.out.name, "--pin", "0" * 32)
        self.assertEqual(done.returncode, 1)
        self.assertIn("key-not-pinned", done.stdout)

    def test_verify_store(self):
        done = self.bulwark("trail", "verify", "--store", "--data-dir", self.server.data_dir)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("OK", done.stdout)

    def test_aws_cli_validator_accepts_our_digests(self):
        from awscli.customizations.cloudtrail.validation import Sha256RSADigestValidator
        keys = {k["Fingerprint"]: k for k in json.loads(self.keys_text)["PublicKeyList"]}
        paths = glob.glob(f"{self.out.name}/AWSLogs/*/CloudTrail-Digest/**/*.json.gz", recursive=True)
        self.assertTrue(paths)
        for path in paths:
            key = os.path.relpath(path, self.out.name)
            inflated = gzip.open(path).read()
            digest = json.loads(inflated)
            with open(os.path.join(self.out.name, "bulwark", "metadata", key + ".json")) as f:
                meta = json.load(f)
            digest["_signature"] = meta["signature"]
            digest["_signature_algorithm"] = meta["signature-algorithm"]
            # Raises DigestSignatureError when the signature does not verify.
            Sha256RSADigestValidator().validate(digest["digestS3Bucket"], key,
                                                keys[digest["digestPublicKeyFingerprint"]]["Value"], digest, inflated)
            for log in digest["logFiles"]:
                body = gzip.open(os.path.join(self.out.name, log["s3Object"])).read()
                self.assertEqual(hashlib.sha256(body).hexdigest(), log["hashValue"])

    def test_verify_names_a_changed_log_file(self):
        damaged = tempfile.TemporaryDirectory(prefix="bulwark-damaged-")
        try:
            subprocess.run(["cp", "-r", self.out.name + "/.", damaged.name], check=True)
            paths = glob.glob(f"{damaged.name}/AWSLogs/*/CloudTrail/**/*.json.gz", recursive=True)
            path = next(p for p in paths if b"GetCallerIdentity" in gzip.open(p).read())
            body = gzip.open(path).read().replace(b"GetCallerIdentity", b"GetCallerIdentitY", 1)
            with open(path, "wb") as f:
                f.write(gzip.compress(body))
            done = self.bulwark("trail", "verify", damaged.name)
            self.assertEqual(done.returncode, 1)
            self.assertIn("log-file-hash-mismatch", done.stdout)
            self.assertIn("record-changed", done.stdout)
        finally:
            damaged.cleanup()


if __name__ == "__main__":
    unittest.main()
