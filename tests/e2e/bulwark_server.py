"""Starts `bulwark serve` on a free port in a temporary data folder, for end-to-end tests."""
import json
import os
import shutil
import subprocess
import tempfile
import time


class BulwarkServer:
    def __init__(self, binary, extra_args=(), seed_data_dir=None):
        """`seed_data_dir`: a data folder to start from (copied, so the original stays as it is)."""
        self.binary = binary
        self.extra_args = list(extra_args)
        self.tmp = tempfile.TemporaryDirectory(prefix="bulwark-e2e-")
        self.data_dir = os.path.join(self.tmp.name, "data")
        if seed_data_dir is not None:
            shutil.copytree(seed_data_dir, self.data_dir)
            os.chmod(self.data_dir, 0o700)
        self.process = None

    def __enter__(self):
        self.log = open(os.path.join(self.tmp.name, "serve.log"), "w")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--port", "0"] + self.extra_args,
            stdout=self.log, stderr=subprocess.STDOUT)
        endpoint_file = os.path.join(self.data_dir, "endpoint")
        deadline = time.time() + 20
        while not os.path.exists(endpoint_file):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError("bulwark serve did not start: " + open(self.log.name).read())
            time.sleep(0.05)
        time.sleep(0.05)
        with open(endpoint_file) as f:
            self.endpoint = f.read().strip()
        with open(os.path.join(self.data_dir, "root-credentials.json")) as f:
            creds = json.load(f)
        self.account_id = creds["AccountId"]
        self.access_key_id = creds["AccessKeyId"]
        self.secret_access_key = creds["SecretAccessKey"]
        return self

    def client(self, service, creds=None):
        """A boto3 client for this server, without retries: the root's keys, or `creds` as STS and
        CreateAccessKey return them (AccessKeyId, SecretAccessKey, SessionToken)."""
        import boto3
        from botocore.config import Config
        creds = creds or {"AccessKeyId": self.access_key_id, "SecretAccessKey": self.secret_access_key}
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1",
                            config=Config(retries={"max_attempts": 1, "mode": "standard"}),
                            aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds.get("SessionToken"))

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        self.tmp.cleanup()
